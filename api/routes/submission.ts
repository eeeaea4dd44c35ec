import { z } from 'zod';
import { submitUpdate } from '../../workflows/messages';
import { submissions } from '../../lib/metrics';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { assessmentFor } from '../access';
import { codeParam, emptyBody, yearParam } from '../validate';
import { executeUpdate, updateIdFor } from '../workflow-updates';

const unitParams = z.strictObject({ year: yearParam, unitCode: codeParam });

/** The unit head submits the self-assessment: an update to the unit's workflow, which locks the draft. */
export function submissionRouter({ db, temporal }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Tự đánh giá');

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/submit',
      summary: 'Thủ trưởng đơn vị nộp hồ sơ tự đánh giá (khóa điểm tự chấm)',
      description: 'Đã nộp, đã quá hạn (hồ sơ bị khóa theo hiện trạng) hoặc không còn ở giai đoạn tự đánh giá: 409 với mã ALREADY_SUBMITTED, DEADLINE_PASSED hoặc WRONG_PHASE.',
      access: { roles: ['unit_head'], scope: ['unit'] },
      params: unitParams,
      body: emptyBody,
      responses: {
        200: { description: 'Đã nộp', schema: z.object({ unitCode: z.string(), submittedAt: z.iso.datetime(), late: z.boolean() }) },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Đã nộp, đã quá hạn hoặc sai giai đoạn' },
      },
    },
    async ({ params: { year, unitCode }, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      const result = await executeUpdate(temporal, assessment.workflowId, submitUpdate, updateIdFor(req, 'submit'), [{ actor: principal.username }]);
      submissions.inc({ late: String(result.late) });
      return { unitCode, submittedAt: new Date(result.submittedAt).toISOString(), late: result.late };
    },
  );

  return r;
}
