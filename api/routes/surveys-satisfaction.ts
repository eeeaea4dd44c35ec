import { z } from 'zod';
import { jsonRows } from '../../domain/surveys/satisfaction-rows';
import { importSatisfaction, satisfactionMappings, satisfactionOverview, saveSatisfactionMappings } from '../../services/surveys/satisfaction';
import { parseSatisfactionXlsx, satisfactionTemplate } from '../../adapters/xlsx/satisfaction';
import { invalid } from '../../domain/surveys/errors';
import type { ApiDeps } from '../deps';
import { attachment } from '../http/content-disposition';
import { readRawBody } from '../http/raw-body';
import type { ApiRouter } from '../openapi/registry';
import { codeParam, hundredths, leafCodeParam, prose } from '../validate';
import { actorOf, asProblem, MAX_XLSX_BYTES, surveyCall, XLSX_TYPE, yearParams } from './surveys-common';

/** The satisfaction survey (SIPAS): indicator → leaf mappings and yearly imports from JSON or Excel. */

const TAG = 'Khảo sát sự hài lòng';
const indicatorCode = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'Mã chỉ số gồm 1–40 ký tự chữ, số, dấu chấm, gạch ngang hoặc gạch dưới');
const mappingSchema = z.object({ indicator: z.string(), name: z.string().nullable(), groupCode: z.string(), leafCode: z.string() });
const importResult = z.object({
  importId: z.uuid(),
  rows: z.number().int(),
  replaced: z.uuid().nullable().meta({ description: 'Lần nhập trước đã được thay thế' }),
  assessmentsUpdated: z.number().int(),
});
const importInfo = z.object({ importId: z.uuid(), source: z.string(), fileName: z.string().nullable(), importedBy: z.string(), importedAt: z.iso.datetime(), rows: z.number().int() });
const overviewSchema = z.object({
  year: z.number().int(),
  mappings: z.array(mappingSchema),
  current: importInfo.nullable(),
  results: z.array(z.object({ unitCode: z.string(), unitName: z.string(), indicator: z.string(), leafCode: z.string(), satisfactionPct: z.number(), sampleSize: z.number().int() })),
  imports: z.array(importInfo.extend({ replacedAt: z.iso.datetime().nullable() })),
});

/** The uploaded file's name for the audit log, if the client sent one (URI-encoded, shown only). */
function fileNameOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    const name = [...decodeURIComponent(header)].filter((c) => c >= ' ' && c !== '\u007f').join('');
    return name.slice(0, 200) || null;
  } catch {
    return null;
  }
}

export function satisfactionRoutes(r: ApiRouter, { db }: ApiDeps): void {
  const secretariat = { roles: ['secretariat'] as const };

  r.route(
    {
      method: 'get',
      path: '/years/:year/satisfaction',
      summary: 'Kết quả khảo sát sự hài lòng đang dùng của năm, bảng gắn chỉ số và lịch sử các lần nhập',
      tags: [TAG],
      access: { roles: ['secretariat', 'chair', 'viewer'] as const },
      params: yearParams,
      responses: { 200: { description: 'Kết quả', schema: overviewSchema } },
    },
    ({ params }) => surveyCall(satisfactionOverview(db, params.year)),
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/satisfaction/mappings',
      summary: 'Khai báo chỉ số hài lòng nào tính cho tiêu chí nào của từng nhóm đơn vị (thay toàn bộ)',
      description: 'Áp dụng cho các lần nhập sau. Mỗi chỉ số chỉ gắn với tiêu chí chấm bằng khảo sát sự hài lòng.',
      tags: [TAG],
      access: secretariat,
      params: yearParams,
      body: z.strictObject({
        mappings: z.array(z.strictObject({ indicator: indicatorCode, name: prose(300).nullable().optional(), groupCode: codeParam, leafCode: leafCodeParam })).max(500),
      }),
      responses: { 200: { description: 'Đã lưu', schema: z.object({ items: z.array(mappingSchema) }) } },
    },
    async ({ params, body, principal }) => ({ items: await surveyCall(saveSatisfactionMappings(db, actorOf(principal), params.year, body.mappings)) }),
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/satisfaction/xlsx',
      summary: 'Tải mẫu Excel kết quả khảo sát sự hài lòng (mỗi đơn vị × chỉ số đã gắn, kèm kết quả hiện có)',
      tags: [TAG],
      access: secretariat,
      params: yearParams,
      responses: { 200: { description: 'Tệp Excel', contentType: XLSX_TYPE, headers: { 'Content-Disposition': 'attachment; filename*=UTF-8…' } } },
    },
    async ({ params, res }) => {
      const overview = await surveyCall(satisfactionOverview(db, params.year));
      const mappings = await satisfactionMappings(db, params.year);
      const units = await db.unit.findMany({ where: { active: true, group: { code: { in: [...new Set(mappings.map((m) => m.groupCode))] } } }, include: { group: true } });
      units.sort((a, b) => a.group.order - b.group.order || a.name.localeCompare(b.name, 'vi'));
      const current = new Map(overview.results.map((x) => [`${x.unitCode}/${x.indicator}`, x]));
      const rows = units.flatMap((u) =>
        mappings
          .filter((m) => m.groupCode === u.group.code)
          .map((m) => {
            const found = current.get(`${u.code}/${m.indicator}`);
            return { unitCode: u.code, unitName: u.name, indicator: m.indicator, ...(found ? { satisfactionPct: Math.round(found.satisfactionPct * 100), sampleSize: found.sampleSize } : {}) };
          }),
      );
      res.setHeader('Content-Type', XLSX_TYPE);
      res.setHeader('Content-Disposition', attachment(`Kết quả khảo sát hài lòng năm ${params.year}.xlsx`));
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(await satisfactionTemplate(params.year, rows, mappings));
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/satisfaction/imports',
      summary: 'Nhập kết quả khảo sát sự hài lòng (JSON); thay toàn bộ lần nhập trước',
      description: 'Kiểm tra toàn bộ trước khi lưu; có lỗi thì không lưu gì (422, nêu từng mục). Lần nhập được ghi nhật ký kèm kết quả bị thay thế.',
      tags: [TAG],
      access: secretariat,
      params: yearParams,
      body: z.strictObject({
        rows: z
          .array(
            z.strictObject({
              unitCode: codeParam,
              indicator: indicatorCode,
              satisfactionPct: hundredths('Tỷ lệ hài lòng', 100).meta({ description: 'Tỷ lệ hài lòng (%), tối đa 2 chữ số thập phân' }),
              sampleSize: z.number().int('Cỡ mẫu phải là số nguyên').min(1, 'Cỡ mẫu phải là số nguyên dương').max(10_000_000),
            }),
          )
          .min(1, 'Không có kết quả nào để nhập')
          .max(20000),
      }),
      responses: { 201: { description: 'Đã nhập', schema: importResult } },
    },
    ({ params, body, principal }) => surveyCall(importSatisfaction(db, actorOf(principal), params.year, jsonRows(body.rows), { source: 'json' })),
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/satisfaction/imports/xlsx',
      summary: 'Nhập kết quả khảo sát sự hài lòng từ tệp Excel; thay toàn bộ lần nhập trước',
      description: 'Tệp tối đa 10 MB theo mẫu tải về. Có ô không hợp lệ thì không lưu gì và trả 422 nêu dòng, cột của từng lỗi.',
      tags: [TAG],
      access: secretariat,
      params: yearParams,
      upload: { contentTypes: [XLSX_TYPE, 'application/octet-stream'], description: 'Nội dung tệp .xlsx' },
      requestHeaders: [{ name: 'X-File-Name', description: 'Tên tệp (mã hóa URI), ghi vào nhật ký' }],
      responses: { 201: { description: 'Đã nhập', schema: importResult } },
    },
    async ({ params, principal, req }) => {
      const file = await readRawBody(req, MAX_XLSX_BYTES);
      const parsed = await parseSatisfactionXlsx(file);
      if (!parsed.ok) throw asProblem(invalid('Tệp Excel có lỗi; không kết quả nào được nhập.', parsed.errors, 'SATISFACTION_INVALID'));
      return surveyCall(importSatisfaction(db, actorOf(principal), params.year, parsed.rows, { source: 'xlsx', fileName: fileNameOf(req.header('X-File-Name')) }));
    },
  );
}
