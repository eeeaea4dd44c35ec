import { z } from 'zod';
import { appraisersOf } from '../../domain/council';
import { councilDuties } from '../../services/council';
import { isFinal, isPhase, PHASE_LABELS, PHASES, type Phase } from '../../domain/phases';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { notFound } from '../problem';
import type { YearConfig } from '../../domain/year-config';
import { assessmentsResults, type UnitResultsView } from '../../services/results/read';
import { booleanQuery, codeParam, fieldCodeParam, pageOf, pageQuery, paging, pagingSchema, sortQuery, yearParam } from '../validate';

/**
 * The status board of Sở Nội vụ: every unit's phase, deadline, self-assessment and per-field
 * appraisal progress, read from the PostgreSQL projections the workflows keep (a handful of queries
 * whatever the number of units; never one Temporal call per unit), with a link to each unit's
 * workflow in the Temporal UI.
 */

const fieldProgress = z.object({
  fieldCode: z.string(),
  title: z.string(),
  round: z.number().int(),
  status: z.enum(['not_started', 'pending', 'done', 'not_applicable']),
  appraised: z.number().int().meta({ description: 'Số tiêu chí đã thẩm định (vòng 2: đã quyết định sau giải trình)' }),
  total: z.number().int().meta({ description: 'Số tiêu chí cần thẩm định, trừ tiêu chí không áp dụng (vòng 2: số tiêu chí phải giải trình)' }),
  appraisedBy: z.string().nullable(),
  doneAt: z.iso.datetime().nullable(),
  appraisers: z.array(z.string()).meta({ description: 'Thành viên hội đồng được phân công lĩnh vực' }),
});

const boardUnit = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  phase: z.enum(PHASES),
  phaseLabel: z.string(),
  phaseDeadline: z.iso.datetime().nullable(),
  overdue: z.boolean(),
  submittedAt: z.iso.datetime().nullable(),
  late: z.boolean(),
  excluded: z.boolean(),
  scored: z.number().int().meta({ description: 'Số tiêu chí đơn vị đã tự chấm (như trên hồ sơ và bảng điểm)' }),
  scorable: z.number().int().meta({ description: 'Số tiêu chí đơn vị phải tự chấm, kể cả điểm thưởng/điểm trừ (trừ không áp dụng)' }),
  evidence: z.number().int().meta({ description: 'Số tài liệu kiểm chứng đã tải lên' }),
  fields: z.array(fieldProgress),
  fieldsDone: z.number().int(),
  fieldsTotal: z.number().int(),
  workflowId: z.string(),
  workflowUrl: z.string(),
});

const boardSchema = z.object({
  year: z.number().int(),
  status: z.string(),
  counts: z.record(z.string(), z.number().int()).meta({ description: 'Số đơn vị của cả năm: total, submitted, late, overdue, excluded và theo từng giai đoạn' }),
  total: z.number().int().meta({ description: 'Số đơn vị khớp bộ lọc' }),
  paging: pagingSchema,
  units: z.array(boardUnit),
});

const boardQuery = z.strictObject({
  ...pageQuery,
  group: codeParam.optional().meta({ description: 'Mã nhóm đơn vị' }),
  phase: z.enum(PHASES, { error: `Giai đoạn là một trong: ${PHASES.join(', ')}` }).optional(),
  overdue: booleanQuery.optional().meta({ description: 'Chỉ đơn vị quá hạn (true) hoặc chưa quá hạn (false)' }),
  late: booleanQuery.optional().meta({ description: 'Đơn vị nộp muộn' }),
  excluded: booleanQuery.optional(),
  field: fieldCodeParam.optional().meta({ description: 'Cùng với fieldStatus: lọc theo tiến độ thẩm định một lĩnh vực' }),
  fieldStatus: z.enum(['not_started', 'pending', 'done']).optional(),
  q: z.string().trim().min(1).max(100, 'Tối đa 100 ký tự').optional().meta({ description: 'Tìm trong mã và tên đơn vị' }),
  sort: sortQuery(['unitCode', 'unitName', 'group', 'phase', 'phaseDeadline', 'progress']),
});

type FieldProgress = z.infer<typeof fieldProgress>;
type FieldRow = { fieldCode: string; round: number; status: string; appraisedBy: string | null; doneAt: Date | null };

/** The progress of some assessments: their results (counts from the domain), field rounds and evidence, by assessment id. */
interface Progress {
  results: Map<string, UnitResultsView>;
  fields: Map<string, FieldRow[]>;
  evidence: Map<string, number>;
}

const group = <T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> => {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
};

export function statusRoutes({ db, config }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Theo dõi');
  const namespace = encodeURIComponent(config.temporal.namespace);

  const progressOf = async (year: number, yearConfig: YearConfig, ids: string[]): Promise<Progress> => {
    if (!ids.length) return { results: new Map(), fields: new Map(), evidence: new Map() };
    const [results, fieldRows, evidence] = await Promise.all([
      assessmentsResults(db, year, yearConfig, ids),
      db.fieldAppraisal.findMany({ where: { assessmentId: { in: ids } }, select: { assessmentId: true, fieldCode: true, round: true, status: true, appraisedBy: true, doneAt: true } }),
      db.$queryRaw<{ assessment_id: string; n: bigint }[]>`
        SELECT assessment_id::text AS assessment_id, count(*) AS n FROM evidence_files WHERE assessment_id = ANY(${ids}::uuid[]) GROUP BY 1`,
    ]);
    return {
      results,
      fields: group(fieldRows, (f) => f.assessmentId),
      evidence: new Map(evidence.map((e) => [e.assessment_id, Number(e.n)])),
    };
  };

  r.route(
    {
      method: 'get',
      path: '/years/:year/status',
      summary: 'Bảng theo dõi: giai đoạn, hạn, quá hạn, tiến độ tự chấm và thẩm định từng lĩnh vực của mọi đơn vị',
      description:
        'Lọc theo nhóm, giai đoạn, quá hạn, nộp muộn, tiến độ một lĩnh vực; sắp xếp; phân trang (mặc định 100 dòng). ' +
        'Số liệu đọc từ các bảng PostgreSQL do quy trình cập nhật; mỗi đơn vị có đường dẫn tới quy trình của nó trong Temporal UI.',
      access: { roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
      params: z.strictObject({ year: yearParam }),
      query: boardQuery,
      responses: { 200: { description: 'Bảng theo dõi', schema: boardSchema } },
    },
    async ({ params: { year }, query }) => {
      const yearRow = await db.year.findUnique({ where: { year } });
      if (!yearRow) throw notFound(`Chưa có năm đánh giá ${year}.`);
      const yearConfig = yearRow.config as unknown as YearConfig;
      const now = new Date();
      const isOverdue = (a: { phaseDeadline: Date | null; phase: string }) => Boolean(a.phaseDeadline && a.phaseDeadline < now && !(isPhase(a.phase) && isFinal(a.phase)));

      // Every assessment of the year, light columns only: counts, filters and order come from these.
      const all = await db.assessment.findMany({
        where: { year },
        select: {
          id: true,
          workflowId: true,
          phase: true,
          phaseDeadline: true,
          submittedAt: true,
          late: true,
          excluded: true,
          criteriaSetId: true,
          unit: { select: { code: true, name: true } },
          group: { select: { code: true, name: true, order: true } },
        },
      });
      type Row = (typeof all)[number];
      const counts: Record<string, number> = { total: all.length, submitted: 0, late: 0, overdue: 0, excluded: 0 };
      for (const p of PHASES) counts[p] = 0;
      for (const a of all) {
        counts[a.phase] = (counts[a.phase] ?? 0) + 1;
        if (a.submittedAt) counts.submitted!++;
        if (a.late) counts.late!++;
        if (a.excluded) counts.excluded!++;
        if (isOverdue(a)) counts.overdue!++;
      }

      // Who appraises each unit's field: the members assigned to it, less those who belong to the unit, plus substitutes.
      const duties = new Map([...(await councilDuties(db, year))].filter(([, d]) => d.active));

      const summarise = (a: Row, data: Progress) => {
        const results = data.results.get(a.id)!.results;
        const rows = data.fields.get(a.id) ?? [];
        let fieldsDone = 0;
        let fieldsTotal = 0;
        const fields: FieldProgress[] = [];
        for (const f of results.fields) {
          if (f.adjustment || !f.appraisable) continue;
          const c = f.counts;
          const base = { fieldCode: f.code, title: f.title, appraised: c.appraised, total: c.scorable, appraisers: appraisersOf(duties, a.unit.code, f.code) };
          const ofField = rows.filter((x) => x.fieldCode === f.code).sort((x, y) => x.round - y.round);
          if (!ofField.length) fields.push({ ...base, round: 1, status: c.scorable === 0 ? 'not_applicable' : 'not_started', appraisedBy: null, doneAt: null });
          for (const row of ofField) {
            // Round 1 appraises every applicable leaf; later rounds decide the leaves flagged for explanation.
            const counts = row.round === 1 ? {} : { appraised: c.decided, total: c.flagged };
            fields.push({ ...base, ...counts, round: row.round, status: row.status === 'done' ? 'done' : 'pending', appraisedBy: row.appraisedBy, doneAt: row.doneAt?.toISOString() ?? null });
          }
          const latest = fields[fields.length - 1]!;
          if (latest.status !== 'not_applicable') fieldsTotal++;
          if (latest.status === 'done') fieldsDone++;
        }
        return { scored: results.counts.scored, scorable: results.counts.scorable, fields, fieldsDone, fieldsTotal, evidence: data.evidence.get(a.id) ?? 0 };
      };

      let filtered = all.filter(
        (a) =>
          (query.group === undefined || a.group.code === query.group) &&
          (query.phase === undefined || a.phase === query.phase) &&
          (query.overdue === undefined || isOverdue(a) === query.overdue) &&
          (query.late === undefined || a.late === query.late) &&
          (query.excluded === undefined || a.excluded === query.excluded) &&
          (query.q === undefined || a.unit.code.includes(query.q.toUpperCase()) || a.unit.name.toLocaleLowerCase('vi').includes(query.q.toLocaleLowerCase('vi'))),
      );

      // Filtering or sorting by progress needs it for every unit that passed the other filters.
      let progress: Progress | undefined;
      if (query.field !== undefined || query.sort?.key === 'progress') {
        progress = await progressOf(year, yearConfig, filtered.map((a) => a.id));
        if (query.field !== undefined) {
          filtered = filtered.filter((a) => {
            const latest = summarise(a, progress!).fields.filter((x) => x.fieldCode === query.field).pop();
            return latest !== undefined && (query.fieldStatus === undefined || latest.status === query.fieldStatus);
          });
        }
      }

      const sort = query.sort ?? { key: 'group', dir: 'asc' as const };
      // The chosen order, then the unit code (always ascending) to break ties.
      const key = (a: Row): (string | number)[] => {
        switch (sort.key) {
          case 'unitCode':
            return [a.unit.code];
          case 'unitName':
            return [a.unit.name];
          case 'group':
            return [a.group.order, a.group.code];
          case 'phase':
            return [PHASES.indexOf(a.phase as Phase)];
          case 'phaseDeadline':
            return [a.phaseDeadline?.getTime() ?? Number.MAX_SAFE_INTEGER];
          case 'progress': {
            const s = summarise(a, progress!);
            return [s.fieldsTotal ? s.fieldsDone / s.fieldsTotal : 0, s.scorable ? s.scored / s.scorable : 0];
          }
        }
      };
      const collator = new Intl.Collator('vi', { numeric: true });
      const compare = (x: (string | number)[], y: (string | number)[]) => {
        for (let i = 0; i < x.length; i++) {
          const [p, q] = [x[i]!, y[i]!];
          const c = typeof p === 'number' && typeof q === 'number' ? p - q : collator.compare(String(p), String(q));
          if (c !== 0) return c;
        }
        return 0;
      };
      const sign = sort.dir === 'asc' ? 1 : -1;
      const ordered = filtered
        .map((a) => ({ a, k: key(a) }))
        .sort((x, y) => sign * compare(x.k, y.k) || collator.compare(x.a.unit.code, y.a.unit.code));

      const p = pageOf(query, 100);
      const page = ordered.slice(p.skip, p.skip + p.take).map((x) => x.a);
      const pageProgress = progress ?? (await progressOf(year, yearConfig, page.map((a) => a.id)));

      return {
        year,
        status: yearRow.status,
        counts,
        total: filtered.length,
        paging: paging(p, filtered.length),
        units: page.map((a) => ({
          unitCode: a.unit.code,
          unitName: a.unit.name,
          groupCode: a.group.code,
          groupName: a.group.name,
          phase: a.phase as Phase,
          phaseLabel: PHASE_LABELS[a.phase as Phase] ?? a.phase,
          phaseDeadline: a.phaseDeadline?.toISOString() ?? null,
          overdue: isOverdue(a),
          submittedAt: a.submittedAt?.toISOString() ?? null,
          late: a.late,
          excluded: a.excluded,
          ...summarise(a, pageProgress),
          workflowId: a.workflowId,
          workflowUrl: `${config.temporal.uiUrl}/namespaces/${namespace}/workflows/${encodeURIComponent(a.workflowId)}`,
        })),
      };
    },
  );

  return r;
}
