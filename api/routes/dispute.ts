import { z } from 'zod';
import { decideDisputeUpdate, submitExplanationUpdate } from '../../workflows/messages';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { assessmentFor } from '../access';
import { points, prose } from '../validate';
import { executeUpdate, updateIdFor } from '../workflow-updates';
import { checkAppraisedScore, unitLeafParams } from './appraisal';

const explanationBody = z.strictObject({ explanation: prose(4000).meta({ description: 'Nội dung giải trình hoặc kiến nghị của đơn vị' }) });

const decisionBody = z.discriminatedUnion('result', [
  z.strictObject({
    result: z.literal('upheld'),
    score: points.optional().meta({ description: 'Điểm chính thức khác điểm tự chấm (cần lý do); bỏ trống: giữ điểm tự chấm' }),
    reason: prose(2000).optional(),
  }),
  z.strictObject({ result: z.literal('rejected'), reason: prose(2000).meta({ description: 'Lý do không chấp nhận; điểm vòng 1 giữ nguyên' }) }),
  z.strictObject({ result: z.literal('explain'), reason: prose(2000).meta({ description: 'Nội dung đề nghị giải trình thêm (khi năm còn vòng giải trình)' }) }),
]);

/** The unit explains (or disputes) the leaves the council flagged; the member owning the field decides each in round 2. */
export function disputeRouter({ db, temporal }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Giải trình');

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/explanations/:leafCode',
      summary: 'Đơn vị giải trình, kiến nghị về một tiêu chí Hội đồng yêu cầu giải trình',
      description:
        'Trong thời hạn giải trình, mỗi tiêu chí được giải trình một lần trong mỗi vòng. Hết hạn: 409 DEADLINE_PASSED; đã giải trình: 409 ALREADY_EXPLAINED; ' +
        'tiêu chí không bị yêu cầu giải trình: 422 LEAF_NOT_FLAGGED.',
      access: { roles: ['unit_officer', 'unit_head'], scope: ['unit'] },
      params: unitLeafParams,
      body: explanationBody,
      responses: {
        200: { description: 'Đã ghi nhận giải trình', schema: z.object({ unitCode: z.string(), leafCode: z.string() }) },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Hết hạn, sai giai đoạn hoặc đã giải trình' },
      },
    },
    async ({ params: { year, unitCode, leafCode }, body, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      await executeUpdate(temporal, assessment.workflowId, submitExplanationUpdate, updateIdFor(req, `explain-${leafCode}`), [
        { actor: principal.username, leafCode, explanation: body.explanation },
      ]);
      return { unitCode, leafCode };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/appraisal/leaves/:leafCode/decision',
      summary: 'Thẩm định vòng 2: chấp nhận giải trình (giữ điểm tự chấm hoặc điểm điều chỉnh có lý do), không chấp nhận (giữ điểm vòng 1) hoặc yêu cầu giải trình thêm',
      description:
        'Chỉ thành viên Hội đồng phụ trách lĩnh vực của tiêu chí. Điểm điều chỉnh phải đúng quy tắc của tiêu chí (422 SCORE_NOT_ALLOWED kèm `allowed`). ' +
        'Tiêu chí không bị yêu cầu giải trình: 422 LEAF_NOT_FLAGGED; sai giai đoạn, lĩnh vực đã xong: 409.',
      access: { roles: ['council_member'], scope: ['field'] },
      params: unitLeafParams,
      body: decisionBody,
      responses: {
        200: { description: 'Đã ghi nhận', schema: z.object({ unitCode: z.string(), leafCode: z.string(), result: z.enum(['upheld', 'rejected', 'explain']) }) },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Sai giai đoạn hoặc lĩnh vực đã thẩm định xong' },
      },
    },
    async ({ params: { year, unitCode, leafCode }, body, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      const score = body.result === 'upheld' ? body.score : undefined;
      if (score !== undefined) await checkAppraisedScore(db, assessment, leafCode, score);
      await executeUpdate(temporal, assessment.workflowId, decideDisputeUpdate, updateIdFor(req, `decide-${leafCode}`), [
        { actor: principal.username, leafCode, result: body.result, score, reason: body.reason, fields: req.ownedFields ?? [] },
      ]);
      return { unitCode, leafCode, result: body.result };
    },
  );

  return r;
}
