import { Router } from 'express';
import { z } from 'zod';
import { PHASE_LABELS, PHASES, type Phase } from '../../domain/phases';
import { requireRole } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { notFound } from '../problem';
import { codeParam, parseParams, parseQuery, yearParam } from '../validate';

const statusQuery = z.strictObject({
  group: codeParam.optional(),
  phase: z.enum(PHASES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

/**
 * The status board of Sở Nội vụ: every unit's phase, deadline and appraisal progress, read from the
 * PostgreSQL projection in one query (never one Temporal call per unit).
 */
export function statusRouter({ db, config }: ApiDeps): Router {
  const router = Router();

  router.get('/years/:year/status', requireRole('secretariat', 'chair', 'viewer', 'council_member'), async (req, res) => {
    const { year } = parseParams(z.strictObject({ year: yearParam }), req);
    const q = parseQuery(statusQuery, req);
    const yearRow = await db.year.findUnique({ where: { year } });
    if (!yearRow) throw notFound(`Chưa có năm đánh giá ${year}.`);
    const now = new Date();
    const rows = await db.assessment.findMany({
      where: {
        year,
        ...(q.group ? { group: { code: q.group } } : {}),
        ...(q.phase ? { phase: q.phase } : {}),
        ...(q.overdue === 'true' ? { phaseDeadline: { lt: now }, phase: { notIn: ['PUBLISHED', 'EXCLUDED'] } } : {}),
      },
      include: { unit: { select: { code: true, name: true } }, group: { select: { code: true, name: true, order: true } }, fields: true },
      orderBy: [{ group: { order: 'asc' } }, { unit: { code: 'asc' } }],
    });
    const namespace = encodeURIComponent(config.temporal.namespace);
    res.json({
      year,
      status: yearRow.status,
      units: rows.map((a) => ({
        unitCode: a.unit.code,
        unitName: a.unit.name,
        groupCode: a.group.code,
        phase: a.phase,
        phaseLabel: PHASE_LABELS[a.phase as Phase] ?? a.phase,
        phaseDeadline: a.phaseDeadline?.toISOString() ?? null,
        overdue: Boolean(a.phaseDeadline && a.phaseDeadline < now && !['PUBLISHED', 'EXCLUDED'].includes(a.phase)),
        submittedAt: a.submittedAt?.toISOString() ?? null,
        late: a.late,
        excluded: a.excluded,
        fields: a.fields.map((f) => ({ fieldCode: f.fieldCode, round: f.round, status: f.status })).sort((x, y) => x.round - y.round || x.fieldCode.localeCompare(y.fieldCode, 'vi', { numeric: true })),
        workflowUrl: `${config.temporal.uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(a.workflowId)}`,
      })),
    });
  });

  return router;
}
