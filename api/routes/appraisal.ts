import { z } from 'zod';
import { evaluateEntry } from '../../domain/scoring/entry';
import { isRefusalCode, REFUSALS } from '../../domain/refusals';
import type { Db } from '../../lib/db/prisma';
import { approveYearUpdate, appraiseLeafUpdate, finishFieldUpdate } from '../../workflows/messages';
import { cycleWorkflowId } from '../../workflows/types';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { HttpProblem } from '../problem';
import { assessmentFor } from '../access';
import { leafOf, loadSet } from '../../services/criteria';
import { codeParam, emptyBody, fieldCodeParam, leafCodeParam, points, prose, yearParam } from '../validate';
import { executeUpdate, updateIdFor } from '../workflow-updates';

export const unitLeafParams = z.strictObject({ year: yearParam, unitCode: codeParam, leafCode: leafCodeParam });
const unitFieldParams = z.strictObject({ year: yearParam, unitCode: codeParam, fieldCode: fieldCodeParam });

const appraiseBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), reason: prose(2000).optional() }),
  z.strictObject({ action: z.literal('adjust'), score: points, reason: prose(2000) }),
  z.strictObject({
    action: z.literal('explain'),
    score: points.optional().meta({ description: 'Điểm tạm tính trong khi chờ giải trình; bỏ trống thì giữ điểm tự chấm' }),
    reason: prose(2000).meta({ description: 'Nội dung đề nghị đơn vị giải trình' }),
  }),
]);

const recorded = z.object({ unitCode: z.string(), leafCode: z.string(), action: z.string() });

/**
 * An appraiser's score must obey the leaf's own rule (tiered levels, threshold bands, 0 or the maximum
 * for a binary leaf …): the workflow only knows the leaf's maximum, so the rule is checked here, and a
 * refusal lists the points the leaf allows.
 */
export async function checkAppraisedScore(db: Db, assessment: { criteriaSet: { id: string; updatedAt: Date } }, leafCode: string, score: number): Promise<void> {
  const leaf = leafOf(await loadSet(db, assessment.criteriaSet), leafCode);
  // An unknown or survey-scored leaf is the workflow's to refuse, with its own code.
  if (!leaf || leaf.scoredBy !== 'self') return;
  const outcome = evaluateEntry(leaf, { points: score });
  if (outcome.ok) return;
  const code = isRefusalCode(outcome.refusal.code) ? outcome.refusal.code : 'SCORE_NOT_ALLOWED';
  throw new HttpProblem(REFUSALS[code].status, REFUSALS[code].title, outcome.refusal.message, {
    code,
    errors: [{ field: 'body.score', message: outcome.refusal.message }],
    ...(outcome.refusal.allowed ? { allowed: outcome.refusal.allowed.map((p) => p / 100) } : {}),
  });
}

/** Council members appraise the leaves of the fields they own, for every unit; the chair approves the year. */
export function appraisalRouter({ db, temporal }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Thẩm định');
  const council = { roles: ['council_member'] as const, scope: ['field'] as const };

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/appraisal/leaves/:leafCode',
      summary: 'Thẩm định vòng 1 một tiêu chí: chấp nhận, điều chỉnh điểm (có lý do) hoặc yêu cầu đơn vị giải trình',
      description:
        'Điểm điều chỉnh phải đúng quy tắc của tiêu chí (mức, khoảng, 0 hoặc tối đa …); nếu không: 422 SCORE_NOT_ALLOWED kèm `allowed` (các mức được phép). ' +
        'Sai giai đoạn, lĩnh vực đã xong: 409; tiêu chí ngoài lĩnh vực được phân công hoặc không thuộc diện thẩm định: 422.',
      access: council,
      params: unitLeafParams,
      body: appraiseBody,
      responses: {
        200: { description: 'Đã ghi nhận', schema: recorded },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Sai giai đoạn hoặc lĩnh vực đã thẩm định xong' },
      },
    },
    async ({ params: { year, unitCode, leafCode }, body, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      const score = 'score' in body ? body.score : undefined;
      if (score !== undefined) await checkAppraisedScore(db, assessment, leafCode, score);
      await executeUpdate(temporal, assessment.workflowId, appraiseLeafUpdate, updateIdFor(req, `appraise-${leafCode}`), [
        { actor: principal.username, leafCode, action: body.action, score, reason: body.reason, fields: req.ownedFields ?? [] },
      ]);
      return { unitCode, leafCode, action: body.action };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/appraisal/fields/:fieldCode/done',
      summary: 'Hoàn thành thẩm định một lĩnh vực của đơn vị (vòng 1, hoặc vòng 2 sau giải trình)',
      description: 'Còn tiêu chí chưa thẩm định hoặc chưa xem xét giải trình: 409 FIELD_INCOMPLETE, nêu các tiêu chí còn lại.',
      access: council,
      params: unitFieldParams,
      body: emptyBody,
      responses: {
        200: { description: 'Đã hoàn thành', schema: z.object({ unitCode: z.string(), fieldCode: z.string(), status: z.literal('done') }) },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Còn tiêu chí chưa thẩm định, sai giai đoạn hoặc đã hoàn thành' },
      },
    },
    async ({ params: { year, unitCode, fieldCode }, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      await executeUpdate(temporal, assessment.workflowId, finishFieldUpdate, updateIdFor(req, `field-done-${fieldCode}`), [
        { actor: principal.username, field: fieldCode, fields: req.ownedFields ?? [] },
      ]);
      return { unitCode, fieldCode, status: 'done' as const };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/approve',
      summary: 'Chủ tịch Hội đồng phê duyệt kết quả năm để xếp hạng và công bố',
      description: 'Còn đơn vị chưa có kết quả thẩm định chính thức: 409 NOT_READY; đã phê duyệt: 409 ALREADY_DONE.',
      access: { roles: ['chair'] },
      params: z.strictObject({ year: yearParam }),
      body: emptyBody,
      responses: {
        202: { description: 'Đã phê duyệt; đang xếp hạng, công bố', schema: z.object({ year: z.number().int(), status: z.literal('approved') }) },
        404: { description: 'Năm chưa khởi động' },
        409: { description: 'Chưa đủ điều kiện hoặc đã phê duyệt' },
      },
    },
    async ({ params: { year }, principal, req }) => {
      await executeUpdate(temporal, cycleWorkflowId(year), approveYearUpdate, updateIdFor(req, 'approve'), [{ actor: principal.username }]);
      return { year, status: 'approved' as const };
    },
  );

  return r;
}
