import { z } from 'zod';
import { endOfDayVn, isIsoDate } from '../../domain/calendar';
import { PHASE_LABELS, PHASES } from '../../domain/phases';
import { excludeUpdate, extendDeadlineUpdate, progressQuery, unitStateQuery } from '../../workflows/messages';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { assessmentFor } from '../access';
import { codeParam, prose, yearParam } from '../validate';
import { executeUpdate, toProblem, updateIdFor } from '../workflow-updates';

const unitParams = z.strictObject({ year: yearParam, unitCode: codeParam });
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

const extensionBody = z.strictObject({
  until: z
    .string()
    .refine(isIsoDate, 'Ngày có dạng YYYY-MM-DD và phải tồn tại')
    .meta({ description: 'Hạn mới: hết ngày này theo giờ Việt Nam', example: '2024-04-05' }),
  reason: prose(2000),
});

const liveState = z.object({
  unitCode: z.string(),
  phase: z.enum(PHASES),
  phaseLabel: z.string(),
  phaseDeadline: z.iso.datetime().nullable(),
  deadlines: z.object({
    selfAssessment: z.iso.datetime(),
    surveyClose: z.iso.datetime(),
    appraisalRound1: z.iso.datetime(),
    explanation: z.iso.datetime().nullable(),
    finalAppraisal: z.iso.datetime(),
    reportToChair: z.iso.datetime(),
  }),
  round: z.number().int().meta({ description: 'Vòng thẩm định đang diễn ra hoặc gần nhất (1, 2 …)' }),
  disputeRound: z.number().int().meta({ description: 'Số vòng giải trình đã mở' }),
  progress: z.array(z.object({ round: z.number().int(), field: z.string(), status: z.enum(['pending', 'done']), remaining: z.array(z.string()) })),
  flags: z.object({
    late: z.boolean(),
    excluded: z.object({ reason: z.string(), by: z.string(), at: z.iso.datetime() }).nullable(),
    flagged: z.array(z.string()).meta({ description: 'Tiêu chí đang được yêu cầu giải trình' }),
    explained: z.array(z.string()),
    escalated: z.array(z.string()).meta({ description: 'Các hạn đã quá mà việc chưa xong, đã báo Sở Nội vụ' }),
    extensions: z.number().int(),
  }),
});

/**
 * Sở Nội vụ's corrections on one unit — exclusion for dishonesty and a deadline extension, each with
 * its reason — and the unit workflow's live state (phase, deadlines, per-field progress, flags).
 */
export function oversightRouter({ db, temporal }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Theo dõi');
  const secretariat = { roles: ['secretariat'] as const };

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/exclusion',
      summary: 'Không đánh giá, xếp hạng đơn vị do thiếu trung thực (giữ điểm, bỏ xếp hạng)',
      description: 'Từ khi đơn vị đã nộp (hoặc bị khóa hồ sơ) đến trước khi Chủ tịch phê duyệt. Chưa nộp: 409 NOT_SUBMITTED; đã loại: 409 ALREADY_EXCLUDED; đã phê duyệt: 409 RANKING_STARTED.',
      access: secretariat,
      params: unitParams,
      body: z.strictObject({ reason: prose(2000) }),
      responses: {
        200: { description: 'Đã loại khỏi đánh giá, xếp hạng', schema: z.object({ unitCode: z.string(), excluded: z.literal(true) }) },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Chưa nộp, đã loại, đã phê duyệt hoặc đã công bố' },
      },
    },
    async ({ params: { year, unitCode }, body, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      await executeUpdate(temporal, assessment.workflowId, excludeUpdate, updateIdFor(req, 'exclude'), [{ actor: principal.username, reason: body.reason }]);
      return { unitCode, excluded: true as const };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/deadline-extensions',
      summary: 'Gia hạn thời hạn của giai đoạn hiện tại cho một đơn vị (có lý do)',
      description:
        'Gia hạn hạn tự đánh giá, thẩm định vòng 1, giải trình hoặc thẩm định vòng 2 — tùy giai đoạn đơn vị đang ở. Bộ đếm giờ và lịch nhắc hạn theo hạn mới. ' +
        'Giai đoạn không có hạn riêng: 409 NOT_EXTENDABLE; hạn mới không muộn hơn hạn hiện tại: 422 EXTENSION_TOO_SHORT.',
      access: secretariat,
      params: unitParams,
      body: extensionBody,
      responses: {
        200: {
          description: 'Đã gia hạn',
          schema: z.object({ unitCode: z.string(), phase: z.enum(PHASES), previousDeadline: z.iso.datetime(), deadline: z.iso.datetime() }),
        },
        404: { description: 'Đơn vị chưa có hồ sơ đánh giá năm này' },
        409: { description: 'Giai đoạn không gia hạn được hoặc đơn vị đã bị loại' },
      },
    },
    async ({ params: { year, unitCode }, body, principal, req }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      const result = await executeUpdate(temporal, assessment.workflowId, extendDeadlineUpdate, updateIdFor(req, 'extend'), [
        { actor: principal.username, until: endOfDayVn(body.until), reason: body.reason },
      ]);
      return { unitCode, phase: result.phase, previousDeadline: new Date(result.previous).toISOString(), deadline: new Date(result.deadline).toISOString() };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/workflow',
      summary: 'Trạng thái trực tiếp của quy trình đánh giá một đơn vị: giai đoạn, các hạn, tiến độ từng lĩnh vực, cờ',
      description: 'Đọc trực tiếp từ quy trình Temporal của đơn vị. Danh sách nhiều đơn vị: dùng bảng theo dõi.',
      access: { roles: ['unit_officer', 'unit_head', 'council_member', 'secretariat', 'chair', 'viewer'], scope: ['unit'] },
      params: unitParams,
      responses: {
        200: { description: 'Trạng thái quy trình', schema: liveState },
        404: { description: 'Đơn vị chưa có hồ sơ hoặc quy trình đã kết thúc' },
      },
    },
    async ({ params: { year, unitCode }, principal }) => {
      const assessment = await assessmentFor(db, principal, year, unitCode);
      const handle = temporal.workflow.getHandle(assessment.workflowId);
      try {
        const [state, progress] = await Promise.all([handle.query(unitStateQuery), handle.query(progressQuery)]);
        const { deadlines } = state;
        return {
          unitCode,
          phase: state.phase,
          phaseLabel: PHASE_LABELS[state.phase],
          phaseDeadline: iso(state.phaseDeadline),
          deadlines: {
            selfAssessment: iso(deadlines.selfAssessment)!,
            surveyClose: iso(deadlines.surveyClose)!,
            appraisalRound1: iso(deadlines.appraisalRound1)!,
            explanation: iso(deadlines.explanation),
            finalAppraisal: iso(deadlines.finalAppraisal)!,
            reportToChair: iso(deadlines.reportToChair)!,
          },
          round: state.round,
          disputeRound: state.disputeRound,
          progress,
          flags: {
            late: state.late,
            excluded: state.excluded ? { ...state.excluded, at: iso(state.excluded.at)! } : null,
            flagged: state.flagged,
            explained: state.explained,
            escalated: state.escalated,
            extensions: state.extensions,
          },
        };
      } catch (error) {
        throw toProblem(error);
      }
    },
  );

  return r;
}
