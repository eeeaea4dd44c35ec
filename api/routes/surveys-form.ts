import type { Request } from 'express';
import { z } from 'zod';
import { saveAnswers, submitForm } from '../../services/surveys/answers';
import { SurveyError } from '../../domain/surveys/errors';
import { respondentForm } from '../../services/surveys/form';
import { endSurveySession, openSurveySession, respondentOfToken } from '../../services/surveys/sessions';
import type { ApiDeps } from '../deps';
import type { ApiRouter } from '../openapi/registry';
import { HttpProblem } from '../problem';
import { asProblem, optionSchema, SURVEY_TOKEN_HEADER, surveyCall } from './surveys-common';

/**
 * The respondent's side. Respondents are not users: they exchange their code for a token of their own
 * (header X-Survey-Token), which reaches only their own form. Nothing here is replayed by
 * Idempotency-Key: every respondent is anonymous to that store, and a code's token must never be kept.
 */

const TAG = 'Phiếu khảo sát (người trả lời)';
const tokenHeader = [{ name: SURVEY_TOKEN_HEADER, description: 'Mã phiên nhận được khi nhập mã trả lời phiếu', required: true }];

/** Wrong codes from one address before it must wait. */
const MAX_FAILURES = 20;
const FAILURE_WINDOW_MS = 15 * 60_000;

const formSchema = z.object({
  year: z.number().int(),
  serial: z.number().int(),
  respondentGroup: z.object({ code: z.string(), name: z.string() }),
  fullName: z.string().nullable(),
  ownUnit: z.object({ code: z.string(), name: z.string() }).nullable().meta({ description: 'Đơn vị của người trả lời; không có trong phiếu' }),
  state: z.enum(['not_started', 'open', 'closed']),
  closesAt: z.iso.datetime(),
  closesAtText: z.string(),
  submittedAt: z.iso.datetime().nullable(),
  questionnaires: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      intro: z.string().nullable(),
      targetGroup: z.object({ code: z.string(), name: z.string() }),
      options: z.array(z.object({ option: z.string(), label: z.string(), counted: z.boolean() })),
      questions: z.array(z.object({ id: z.uuid(), code: z.string(), text: z.string() })),
      units: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
  answers: z.array(z.object({ questionId: z.uuid(), unitCode: z.string(), option: z.string() })),
});

export function surveyFormRoutes(r: ApiRouter, { db, config }: ApiDeps): void {
  const failures = new Map<string, { count: number; resetAt: number }>();
  const respondentOf = (req: Request) => surveyCall(respondentOfToken(db, req.header(SURVEY_TOKEN_HEADER)));

  r.route(
    {
      method: 'post',
      path: '/survey/session',
      summary: 'Người trả lời nhập mã trả lời phiếu để mở phiếu của mình',
      description: `Trả về mã phiên dùng trong tiêu đề ${SURVEY_TOKEN_HEADER}. Nhập sai quá ${MAX_FAILURES} lần trong ${FAILURE_WINDOW_MS / 60_000} phút từ một địa chỉ thì phải chờ (429).`,
      tags: [TAG],
      access: { public: true },
      body: z.strictObject({ code: z.string().trim().min(1, 'Nhập mã trả lời phiếu').max(40, 'Mã trả lời phiếu không đúng') }),
      idempotent: false,
      responses: { 200: { description: 'Đã mở phiếu', schema: z.object({ token: z.string(), expiresAt: z.iso.datetime(), year: z.number().int(), serial: z.number().int() }) } },
    },
    async ({ body, req, res }) => {
      const key = req.ip ?? 'unknown';
      const now = Date.now();
      const seen = failures.get(key);
      if (seen && seen.resetAt > now && seen.count >= MAX_FAILURES) {
        res.setHeader('Retry-After', String(Math.ceil((seen.resetAt - now) / 1000)));
        throw new HttpProblem(429, 'Quá nhiều lần nhập mã', `Đã nhập sai mã quá nhiều lần; vui lòng thử lại sau ${FAILURE_WINDOW_MS / 60_000} phút.`, { code: 'RATE_LIMITED' });
      }
      try {
        const session = await openSurveySession(db, body.code, config.sessionTtlMinutes, now);
        res.setHeader('Cache-Control', 'no-store');
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), year: session.year, serial: session.serial };
      } catch (error) {
        if (error instanceof SurveyError && error.status === 401) {
          const entry = seen && seen.resetAt > now ? seen : { count: 0, resetAt: now + FAILURE_WINDOW_MS };
          entry.count++;
          failures.set(key, entry);
        }
        throw asProblem(error);
      }
    },
  );

  r.route(
    {
      method: 'delete',
      path: '/survey/session',
      summary: 'Người trả lời đóng phiên (mã trả lời phiếu vẫn dùng được cho đến khi nộp)',
      tags: [TAG],
      access: { public: true },
      requestHeaders: tokenHeader,
      idempotent: false,
      responses: { 204: { description: 'Đã đóng phiên' } },
    },
    async ({ req }) => {
      await respondentOf(req);
      await endSurveySession(db, req.header(SURVEY_TOKEN_HEADER)!);
    },
  );

  r.route(
    {
      method: 'get',
      path: '/survey/form',
      summary: 'Phiếu của người trả lời: câu hỏi, đơn vị được đánh giá (trừ đơn vị của mình), câu trả lời đã lưu',
      tags: [TAG],
      access: { public: true },
      requestHeaders: tokenHeader,
      responses: { 200: { description: 'Phiếu', schema: formSchema } },
    },
    async ({ req, res }) => {
      const respondentId = await respondentOf(req);
      res.setHeader('Cache-Control', 'private, no-store');
      return surveyCall(respondentForm(db, respondentId));
    },
  );

  r.route(
    {
      method: 'put',
      path: '/survey/answers',
      summary: 'Lưu một số câu trả lời (lưu nháp, trả lời tiếp lần sau); option null để xóa',
      description:
        'Mỗi mục là một câu hỏi về một đơn vị (unitCode), hoặc allUnits: true để trả lời như nhau cho mọi đơn vị của phiếu. Có mục không hợp lệ thì không lưu gì (422); tự đánh giá đơn vị mình bị từ chối (422, SELF_RATING); phiếu đã nộp hoặc điều tra đã kết thúc: 409.',
      tags: [TAG],
      access: { public: true },
      requestHeaders: tokenHeader,
      idempotent: false,
      body: z.strictObject({
        answers: z
          .array(
            z
              .strictObject({
                questionId: z.uuid('Mã câu hỏi không hợp lệ'),
                unitCode: z.string().regex(/^[A-Z0-9_]{1,40}$/, 'Mã đơn vị không hợp lệ').optional(),
                allUnits: z.literal(true).optional(),
                option: optionSchema.nullable(),
              })
              .refine((a) => (a.unitCode === undefined) !== (a.allUnits === undefined), 'Cần đúng một trong unitCode hoặc allUnits'),
          )
          .min(1, 'Cần ít nhất một câu trả lời')
          .max(5000, 'Tối đa 5000 câu trả lời mỗi lần'),
      }),
      responses: { 200: { description: 'Đã lưu', schema: z.object({ saved: z.number().int(), cleared: z.number().int(), answers: z.number().int() }) } },
    },
    async ({ body, req }) => surveyCall(saveAnswers(db, await respondentOf(req), body.answers)),
  );

  r.route(
    {
      method: 'post',
      path: '/survey/submit',
      summary: 'Nộp phiếu (một lần cho mỗi mã; sau khi nộp không sửa được)',
      tags: [TAG],
      access: { public: true },
      requestHeaders: tokenHeader,
      idempotent: false,
      responses: { 200: { description: 'Đã nộp', schema: z.object({ serial: z.number().int(), submittedAt: z.iso.datetime(), answers: z.number().int() }) } },
    },
    async ({ req }) => surveyCall(submitForm(db, await respondentOf(req))),
  );
}
