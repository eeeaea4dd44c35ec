import { z } from 'zod';
import { createMailer, type Mailer } from '../../lib/mail/mailer';
import { surveyProgress } from '../../services/surveys/progress';
import { issueCodes, listRespondents, registerRespondents, reissueCode, sendInvitations } from '../../services/surveys/respondents';
import type { ApiDeps } from '../deps';
import type { ApiRouter } from '../openapi/registry';
import { codeParam, intString, prose, yearParam } from '../validate';
import { actorOf, surveyCall, surveyCode, yearParams } from './surveys-common';

/** Sở Nội vụ's respondents: registered people, printed codes, e-mail invitations, progress. */

const respondentSchema = z.object({
  serial: z.number().int(),
  respondentGroup: z.string(),
  anonymous: z.boolean(),
  fullName: z.string().nullable(),
  email: z.string().nullable(),
  unitCode: z.string().nullable(),
  hasCode: z.boolean(),
  sentAt: z.iso.datetime().nullable(),
  sentVia: z.string().nullable(),
  openedAt: z.iso.datetime().nullable(),
  submittedAt: z.iso.datetime().nullable(),
  submittedVia: z.string().nullable(),
  answers: z.number().int(),
});
const codesSchema = z.object({ codes: z.array(z.object({ serial: z.number().int(), code: z.string() })) });
const counts = { forms: z.number().int(), sent: z.number().int(), opened: z.number().int(), submitted: z.number().int() };
const progressSchema = z.object({
  year: z.number().int(),
  state: z.enum(['not_started', 'open', 'closed']),
  closesAt: z.iso.datetime(),
  byGroup: z.array(z.object({ code: z.string(), name: z.string(), ...counts, online: z.number().int(), paper: z.number().int() })),
  byUnit: z.array(z.object({ unitCode: z.string(), unitName: z.string(), groupCode: z.string(), ...counts })),
});

export function surveyRespondentRoutes(r: ApiRouter, { db, config }: ApiDeps): void {
  const secretariat = { roles: ['secretariat'] as const };
  let mailer: Mailer | undefined;

  r.route(
    {
      method: 'get',
      path: '/years/:year/surveys/respondents',
      summary: 'Danh sách người trả lời và tình trạng từng phiếu (không bao giờ kèm mã)',
      access: secretariat,
      params: yearParams,
      query: z.strictObject({ respondentGroup: surveyCode.optional(), status: z.enum(['not_sent', 'sent', 'opened', 'submitted']).optional() }),
      responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(respondentSchema) }) } },
    },
    async ({ params, query }) => ({ items: await surveyCall(listRespondents(db, params.year, query)) }),
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/surveys/respondents',
      summary: 'Đăng ký người trả lời có danh tính (kèm e-mail nếu có, đơn vị của họ nếu có)',
      description: 'Mỗi người được cấp một số phiếu; mã trả lời được gửi qua thư mời hoặc cấp để in.',
      access: secretariat,
      params: yearParams,
      body: z.strictObject({
        respondents: z
          .array(
            z.strictObject({
              respondentGroup: surveyCode,
              fullName: prose(200),
              email: z.email('Địa chỉ e-mail không hợp lệ').max(200).nullable().optional(),
              unitCode: codeParam.nullable().optional().meta({ description: 'Đơn vị của người trả lời: phiếu không có đơn vị này' }),
            }),
          )
          .min(1, 'Cần ít nhất một người')
          .max(1000, 'Tối đa 1000 người mỗi lần'),
      }),
      responses: {
        201: {
          description: 'Đã đăng ký',
          schema: z.object({ items: z.array(z.object({ serial: z.number().int(), respondentGroup: z.string(), fullName: z.string().nullable(), email: z.string().nullable(), unitCode: z.string().nullable() })) }),
        },
      },
    },
    async ({ params, body, principal }) => ({ items: await surveyCall(registerRespondents(db, actorOf(principal), params.year, body.respondents)) }),
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/surveys/codes',
      summary: 'Cấp mã trả lời ẩn danh để in thư mời (mã chỉ hiện một lần)',
      description: 'Chỉ lưu bản băm của mỗi mã; mất mã thì cấp lại mã mới cho số phiếu đó. Phản hồi không được lưu để phát lại (không dùng Idempotency-Key).',
      access: secretariat,
      params: yearParams,
      body: z.strictObject({
        respondentGroup: surveyCode,
        count: z.number().int('Số mã phải là số nguyên').min(1, 'Ít nhất 1 mã').max(500, 'Tối đa 500 mã mỗi lần'),
        unitCode: codeParam.nullable().optional().meta({ description: 'Thư mời gửi người của một đơn vị: phiếu không có đơn vị này' }),
      }),
      idempotent: false,
      responses: { 201: { description: 'Các mã mới', schema: codesSchema } },
    },
    async ({ params, body, principal, res }) => {
      res.setHeader('Cache-Control', 'no-store');
      return { codes: await surveyCall(issueCodes(db, actorOf(principal), params.year, body)) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/surveys/respondents/:serial/code',
      summary: 'Cấp lại mã cho một phiếu chưa nộp (mã cũ hết hiệu lực, câu trả lời đã lưu được giữ)',
      access: secretariat,
      params: z.strictObject({ year: yearParam, serial: intString(1, 1_000_000, 'Số phiếu phải là số nguyên dương') }),
      idempotent: false,
      responses: { 201: { description: 'Mã mới', schema: codesSchema } },
    },
    async ({ params, principal, res }) => {
      res.setHeader('Cache-Control', 'no-store');
      return { codes: [await surveyCall(reissueCode(db, actorOf(principal), params.year, params.serial))] };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/surveys/invitations',
      summary: 'Gửi thư mời kèm mã trả lời tới người trả lời có e-mail',
      description: 'Không có danh sách số phiếu: gửi cho những người chưa được mời. Có danh sách: gửi lại cho các phiếu đó (mã cũ hết hiệu lực).',
      access: secretariat,
      params: yearParams,
      body: z.strictObject({ serials: z.array(z.number().int().min(1)).min(1).max(1000).optional() }),
      responses: { 200: { description: 'Kết quả gửi', schema: z.object({ sent: z.array(z.number().int()), failed: z.array(z.object({ serial: z.number().int(), message: z.string() })) }) } },
    },
    ({ params, body, principal }) => {
      mailer ??= createMailer(config.smtp);
      return surveyCall(sendInvitations(db, mailer, actorOf(principal), params.year, config.publicUrl, body.serials));
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/surveys/progress',
      summary: 'Tiến độ điều tra: số phiếu đã gửi, đã mở, đã nộp theo nhóm người trả lời và theo đơn vị được đánh giá',
      access: { roles: ['secretariat', 'chair', 'viewer'] as const },
      params: yearParams,
      responses: { 200: { description: 'Tiến độ', schema: progressSchema } },
    },
    ({ params }) => surveyCall(surveyProgress(db, params.year)),
  );
}
