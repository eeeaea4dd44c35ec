import { z } from 'zod';
import { importPaperForms, paperTemplate } from '../../services/surveys/paper';
import { surveyReport } from '../../services/surveys/report';
import { surveyReview } from '../../services/surveys/review';
import type { ApiDeps } from '../deps';
import { attachment } from '../http/content-disposition';
import { readRawBody } from '../http/raw-body';
import type { ApiRouter } from '../openapi/registry';
import { codeParam } from '../validate';
import { actorOf, dec, MAX_XLSX_BYTES, surveyCall, surveyCode, XLSX_TYPE, yearParams } from './surveys-common';

/** Paper forms, the survey report with its recomputation check, and the review list. */

const counts = z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int(), E: z.number().int() });
const stored = z.object({ points: z.number().nullable() }).nullable().meta({ description: 'Điểm đã lưu khi kết thúc điều tra (null: chưa lưu)' });
const reportSchema = z.object({
  year: z.number().int(),
  state: z.enum(['not_started', 'open', 'closed']),
  weights: z.record(z.string(), z.number()).meta({ description: 'Trọng số (%) của các phương án được tính điểm' }),
  consistent: z.boolean().meta({ description: 'Mọi điểm đã lưu bằng điểm tính lại từ câu trả lời gốc' }),
  units: z.array(
    z.object({
      unitCode: z.string(),
      unitName: z.string(),
      groupCode: z.string(),
      survey: z.array(
        z.object({
          leafCode: z.string(),
          title: z.string(),
          max: z.number(),
          counts,
          blank: z.number().int(),
          valid: z.number().int(),
          meanWeight: z.number().nullable().meta({ description: 'Trọng số bình quân của câu trả lời hợp lệ (%)' }),
          points: z.number().nullable(),
          stored,
          matchesStored: z.boolean().nullable(),
        }),
      ),
      satisfaction: z.array(
        z.object({
          leafCode: z.string(),
          title: z.string(),
          max: z.number(),
          indicator: z.string().nullable(),
          satisfactionPct: z.number().nullable(),
          sampleSize: z.number().int().nullable(),
          points: z.number().nullable(),
          stored,
          matchesStored: z.boolean().nullable(),
        }),
      ),
    }),
  ),
});
const reviewSchema = z.object({
  year: z.number().int(),
  formsReviewed: z.number().int(),
  note: z.string(),
  options: z.record(z.string(), z.number()),
  flags: z.array(z.object({ code: z.string(), title: z.string(), detail: z.string(), serials: z.array(z.number().int()), unitCodes: z.array(z.string()) })),
});

export function surveyResultRoutes(r: ApiRouter, { db }: ApiDeps): void {
  const secretariat = { roles: ['secretariat'] as const };

  r.route(
    {
      method: 'get',
      path: '/years/:year/surveys/paper-forms/xlsx',
      summary: 'Tải mẫu nhập phiếu giấy (mỗi dòng: phiếu × đơn vị × câu hỏi, cho các phiếu chưa nộp)',
      access: secretariat,
      params: yearParams,
      query: z.strictObject({ respondentGroup: surveyCode.optional() }),
      responses: { 200: { description: 'Tệp Excel', contentType: XLSX_TYPE, headers: { 'Content-Disposition': 'attachment; filename*=UTF-8…' } } },
    },
    async ({ params, query, res }) => {
      const file = await surveyCall(paperTemplate(db, params.year, query.respondentGroup));
      res.setHeader('Content-Type', XLSX_TYPE);
      res.setHeader('Content-Disposition', attachment(`Phiếu điều tra giấy năm ${params.year}.xlsx`));
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(file);
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/surveys/paper-forms/xlsx',
      summary: 'Nhập phiếu giấy từ mẫu Excel đã điền',
      description: `Tệp tối đa 10 MB. Có ô không hợp lệ thì không nhập phiếu nào và trả 422 nêu dòng, cột của từng lỗi. Mọi phiếu trong tệp được ghi nhận đã nộp bằng phiếu giấy.`,
      access: secretariat,
      params: yearParams,
      upload: { contentTypes: [XLSX_TYPE, 'application/octet-stream'], description: 'Nội dung tệp .xlsx' },
      responses: { 200: { description: 'Đã nhập', schema: z.object({ forms: z.number().int(), serials: z.array(z.number().int()), answers: z.number().int() }) } },
    },
    async ({ params, principal, req }) => {
      const file = await readRawBody(req, MAX_XLSX_BYTES);
      return surveyCall(importPaperForms(db, actorOf(principal), params.year, file));
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/surveys/report',
      summary: 'Báo cáo điều tra: số câu trả lời theo phương án, điểm từng tiêu chí của từng đơn vị, đối chiếu điểm đã lưu',
      access: { roles: ['secretariat', 'chair', 'viewer'] as const },
      params: yearParams,
      query: z.strictObject({ groupCode: codeParam.optional(), unitCode: codeParam.optional() }),
      responses: { 200: { description: 'Báo cáo', schema: reportSchema } },
    },
    async ({ params, query }) => {
      const report = await surveyCall(surveyReport(db, params.year, query));
      return {
        ...report,
        units: report.units.map((u) => ({
          ...u,
          survey: u.survey.map((l) => ({
            ...l,
            counts: l.counts as z.infer<typeof counts>,
            max: dec(l.max)!,
            meanWeight: dec(l.meanWeight),
            points: dec(l.points),
            stored: l.stored && { points: dec(l.stored.points) },
          })),
          satisfaction: u.satisfaction.map(({ resultPct, ...l }) => ({
            ...l,
            max: dec(l.max)!,
            satisfactionPct: dec(resultPct),
            points: dec(l.points),
            stored: l.stored && { points: dec(l.stored.points) },
          })),
        })),
      };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/surveys/review',
      summary: 'Danh sách phiếu có dấu hiệu bất thường để Sở Nội vụ xem xét (không tự động xử lý)',
      access: { roles: ['secretariat', 'chair'] as const },
      params: yearParams,
      responses: { 200: { description: 'Danh sách', schema: reviewSchema } },
    },
    async ({ params }) => {
      const review = await surveyCall(surveyReview(db, params.year));
      return { ...review, options: { ...review.options } };
    },
  );
}
