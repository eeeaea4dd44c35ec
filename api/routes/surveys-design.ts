import { z } from 'zod';
import { deleteQuestionnaire, saveQuestionnaire, saveRespondentGroup, surveyDesign } from '../../services/surveys/design';
import type { ApiDeps } from '../deps';
import type { ApiRouter } from '../openapi/registry';
import { codeParam, leafCodeParam, prose, text, yearParam } from '../validate';
import { actorOf, fieldErrors, surveyCall, surveyCode, yearParams } from './surveys-common';

/** Sở Nội vụ designs the year's sociological survey: respondent groups and their questionnaires. */

const groupParams = z.strictObject({ year: yearParam, groupCode: surveyCode });
const questionnaireParams = z.strictObject({ year: yearParam, groupCode: surveyCode, targetGroupCode: codeParam });

const questionSchema = z.object({ id: z.uuid(), code: z.string(), text: z.string(), leafCode: z.string() });
const optionLabels = z.object({ A: z.string(), B: z.string(), C: z.string(), D: z.string(), E: z.string() });
const questionnaireSchema = z.object({
  id: z.uuid(),
  respondentGroup: z.string(),
  targetGroup: z.string(),
  targetGroupName: z.string(),
  title: z.string(),
  intro: z.string().nullable(),
  optionLabels,
  questions: z.array(questionSchema),
});
const designSchema = z.object({
  year: z.number().int(),
  status: z.string(),
  defaultOptionLabels: optionLabels,
  respondentGroups: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      order: z.number().int(),
      respondents: z.number().int(),
      questionnaires: z.array(questionnaireSchema.extend({ issues: fieldErrors.meta({ description: 'Lỗi so với bộ tiêu chí hiện tại (rỗng khi hợp lệ)' }) })),
    }),
  ),
  unfedLeaves: z.array(z.object({ groupCode: z.string(), leafCode: z.string(), title: z.string() })).meta({ description: 'Tiêu chí điều tra XHH chưa có câu hỏi nào' }),
});

const questionnaireBody = z.strictObject({
  title: prose(300),
  intro: prose(4000).nullable().optional(),
  optionLabels: z
    .strictObject({ A: text(200).optional(), B: text(200).optional(), C: text(200).optional(), D: text(200).optional(), E: text(200).optional() })
    .nullable()
    .optional()
    .meta({ description: 'Nhãn các phương án A–E khi khác nhãn chuẩn' }),
  questions: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/, 'Mã câu hỏi gồm 1–20 ký tự chữ, số, dấu chấm, gạch ngang hoặc gạch dưới'),
        text: prose(2000),
        leafCode: leafCodeParam.nullable().optional().meta({ description: 'Tiêu chí thành phần chấm bằng điều tra XHH mà câu hỏi gắn với' }),
      }),
    )
    .max(200, 'Tối đa 200 câu hỏi'),
});

export function surveyDesignRoutes(r: ApiRouter, { db }: ApiDeps): void {
  const secretariat = { roles: ['secretariat'] as const };

  r.route(
    {
      method: 'get',
      path: '/years/:year/surveys',
      summary: 'Thiết kế điều tra xã hội học của năm: nhóm người trả lời, phiếu khảo sát, tiêu chí chưa có câu hỏi',
      access: { roles: ['secretariat', 'chair', 'viewer'] as const },
      params: yearParams,
      responses: { 200: { description: 'Thiết kế', schema: designSchema } },
    },
    ({ params }) => surveyCall(surveyDesign(db, params.year)),
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/surveys/respondent-groups/:groupCode',
      summary: 'Tạo hoặc sửa một nhóm người trả lời (ví dụ lãnh đạo UBND huyện)',
      access: secretariat,
      params: groupParams,
      body: z.strictObject({ name: prose(300), order: z.number().int().min(0).max(1000).optional() }),
      responses: { 200: { description: 'Đã lưu', schema: z.object({ code: z.string(), name: z.string(), order: z.number().int(), created: z.boolean() }) } },
    },
    ({ params, body, principal }) => surveyCall(saveRespondentGroup(db, actorOf(principal), params.year, params.groupCode, body)),
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/surveys/respondent-groups/:groupCode/questionnaires/:targetGroupCode',
      summary: 'Lưu phiếu khảo sát của một nhóm người trả lời về một nhóm đơn vị (thay toàn bộ câu hỏi)',
      description:
        'Mỗi câu hỏi phải gắn với đúng một tiêu chí thành phần chấm bằng điều tra xã hội học trong bộ tiêu chí của nhóm đơn vị được đánh giá. Có lỗi thì không lưu gì và trả 422 nêu từng câu hỏi, tiêu chí. Phiếu đã có người trả lời thì không sửa được (409).',
      access: secretariat,
      params: questionnaireParams,
      body: questionnaireBody,
      responses: { 200: { description: 'Đã lưu', schema: questionnaireSchema } },
    },
    ({ params, body, principal }) =>
      surveyCall(
        saveQuestionnaire(db, actorOf(principal), params.year, params.groupCode, params.targetGroupCode, {
          title: body.title,
          intro: body.intro ?? null,
          optionLabels: body.optionLabels ?? null,
          questions: body.questions.map((q) => ({ code: q.code, text: q.text, leafCode: q.leafCode ?? null })),
        }),
      ),
  );

  r.route(
    {
      method: 'delete',
      path: '/years/:year/surveys/respondent-groups/:groupCode/questionnaires/:targetGroupCode',
      summary: 'Xóa phiếu khảo sát chưa có người trả lời',
      access: secretariat,
      params: questionnaireParams,
      responses: { 204: { description: 'Đã xóa' } },
    },
    async ({ params, principal }) => {
      await surveyCall(deleteQuestionnaire(db, actorOf(principal), params.year, params.groupCode, params.targetGroupCode));
    },
  );
}
