import { Router } from 'express';
import { z } from 'zod';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import { isLeaf, type CriteriaNode, type CriteriaSet, type LeafNode } from '../../domain/criteria/types';
import { appendAudit } from '../../lib/audit';
import { Prisma } from '../../lib/db/prisma';
import { requireLogin, requireRole } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { conflict, HttpProblem, notFound, unprocessable } from '../problem';
import { assessmentFor } from '../services/access';
import { codeParam, leafCodeParam, parseBody, parseParams, points, yearParam } from '../validate';

const unitParams = z.strictObject({ year: yearParam, unitCode: codeParam });
const leafParams = unitParams.extend({ leafCode: leafCodeParam });

const draftBody = z
  .strictObject({
    selfScore: points.nullable().optional(),
    note: z.string().trim().max(4000, 'Tối đa 4000 ký tự').nullable().optional(),
    notApplicable: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Cần ít nhất một trường để lưu');

function findLeaf(set: CriteriaSet, code: string): LeafNode | undefined {
  const walk = (nodes: readonly CriteriaNode[]): LeafNode | undefined => {
    for (const node of nodes) {
      if (node.code === code && isLeaf(node)) return node;
      if (!isLeaf(node) && code.startsWith(`${node.code}.`)) return walk(node.children);
    }
    return undefined;
  };
  return walk(set.nodes);
}

export const etagOf = (version: number) => `"v${version}"`;

/** A unit's own work: read its sheet and save drafts leaf by leaf (straight to PostgreSQL). */
export function assessmentsRouter({ db }: ApiDeps): Router {
  const router = Router();

  router.get('/years/:year/units/:unitCode/assessment', requireLogin, async (req, res) => {
    const { year, unitCode } = parseParams(unitParams, req);
    const assessment = await assessmentFor(db, req.principal!, year, unitCode);
    const leaves = await db.leafScore.findMany({ where: { assessmentId: assessment.id }, orderBy: { leafCode: 'asc' } });
    res.json({
      year,
      unitCode,
      unitName: assessment.unit.name,
      phase: assessment.phase,
      submittedAt: assessment.submittedAt?.toISOString() ?? null,
      late: assessment.late,
      leaves: leaves.map((l) => ({
        leafCode: l.leafCode,
        notApplicable: l.notApplicable,
        selfScore: l.selfScore === null ? null : l.selfScore / 100,
        note: l.selfNote,
        appraisedScore: l.appraisedScore === null ? null : l.appraisedScore / 100,
        appraisalAction: l.appraisalAction,
        version: l.version,
      })),
    });
  });

  router.put('/years/:year/units/:unitCode/leaves/:leafCode', requireRole('unit_officer', 'unit_head'), async (req, res) => {
    const { year, unitCode, leafCode } = parseParams(leafParams, req);
    const body = parseBody(draftBody, req);
    const assessment = await assessmentFor(db, req.principal!, year, unitCode);
    const parsed = parseCriteriaSet(assessment.criteriaSet.tree);
    if (!parsed.ok) throw new HttpProblem(500, 'Lỗi hệ thống', 'Bộ tiêu chí đã lưu không đọc được.');
    const leaf = findLeaf(parsed.value, leafCode);
    if (!leaf) throw notFound(`Không có tiêu chí ${leafCode} trong bộ tiêu chí của đơn vị.`);
    if (leaf.scoredBy !== 'self' && body.selfScore !== undefined && body.selfScore !== null) {
      throw unprocessable(`Tiêu chí ${leafCode} được chấm qua điều tra, đơn vị không tự chấm.`, [{ field: 'body.selfScore', message: 'Không được tự chấm' }]);
    }
    if (typeof body.selfScore === 'number' && body.selfScore > leaf.max) {
      throw unprocessable(`Điểm tự chấm của tiêu chí ${leafCode} không được vượt quá ${(leaf.max / 100).toFixed(2)}.`, [{ field: 'body.selfScore', message: 'Vượt điểm tối đa' }]);
    }
    const ifMatch = req.header('If-Match');

    const saved = await db.$transaction(async (tx) => {
      // Holding the assessment row while writing means the lock at submit waits for this save, or wins.
      const [row] = await tx.$queryRaw<{ locked_at: Date | null; phase: string }[]>`SELECT locked_at, phase FROM assessments WHERE id = ${assessment.id}::uuid FOR SHARE`;
      if (!row || row.locked_at || row.phase !== 'SELF_ASSESSMENT') {
        throw conflict('Hồ sơ tự đánh giá đã được nộp hoặc đã khóa; không thể sửa điểm tự chấm.', 'ASSESSMENT_LOCKED');
      }
      const where = { assessmentId_leafCode: { assessmentId: assessment.id, leafCode } };
      const before = await tx.leafScore.findUnique({ where });
      if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(before?.version ?? 0)) {
        throw new HttpProblem(412, 'Dữ liệu đã bị thay đổi', `Tiêu chí ${leafCode} vừa được người khác cập nhật; hãy tải lại trước khi lưu.`, { code: 'PRECONDITION_FAILED' });
      }
      const data = {
        ...(body.selfScore !== undefined ? { selfScore: body.selfScore } : {}),
        ...(body.note !== undefined ? { selfNote: body.note } : {}),
        ...(body.notApplicable !== undefined ? { notApplicable: body.notApplicable } : {}),
        updatedBy: req.principal!.username,
      };
      const after = before
        ? await tx.leafScore.update({ where, data: { ...data, version: { increment: 1 } } })
        : await tx.leafScore.create({ data: { assessmentId: assessment.id, leafCode, ...data } });
      await appendAudit(tx, {
        at: new Date(),
        actor: req.principal!.username,
        actorRole: req.principal!.role,
        year,
        assessmentId: assessment.id,
        action: 'self.draft',
        target: leafCode,
        before: before ? { selfScore: before.selfScore, note: before.selfNote, notApplicable: before.notApplicable } : null,
        after: { selfScore: after.selfScore, note: after.selfNote, notApplicable: after.notApplicable },
      });
      return after;
    }, { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted });

    res.setHeader('ETag', etagOf(saved.version));
    res.json({ leafCode, selfScore: saved.selfScore === null ? null : saved.selfScore / 100, note: saved.selfNote, notApplicable: saved.notApplicable, version: saved.version });
  });

  return router;
}
