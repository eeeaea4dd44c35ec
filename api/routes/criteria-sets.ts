import { z } from 'zod';
import { copyCriteriaSetToYear } from '../../domain/criteria/copy';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import type { CriteriaSet, ValidationIssue } from '../../domain/criteria/types';
import { criteriaSetFromXlsx, criteriaSetToXlsx } from '../../adapters/xlsx/criteria';
import { ROLES } from '../../domain/roles';
import { appendAudit } from '../../lib/audit';
import { type Prisma } from '../../lib/db/prisma';
import type { Principal } from '../auth/principal';
import type { ApiDeps } from '../deps';
import { attachment } from '../http/content-disposition';
import { readRawBody } from '../http/raw-body';
import { ApiRouter } from '../openapi/registry';
import { conflict, notFound, unprocessable } from '../problem';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { storedSet } from '../../services/criteria';
import { codeParam, prose, yearParam, yearValue } from '../validate';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_XLSX_BYTES = 5 * 1024 * 1024;

const setParams = z.strictObject({ year: yearParam, groupCode: codeParam });
const setSummary = z.object({ year: z.number().int(), groupCode: z.string(), groupName: z.string(), title: z.string(), scale: z.number(), sample: z.boolean(), updatedAt: z.iso.datetime() });
const importResult = setSummary.extend({ created: z.boolean().meta({ description: 'true: bộ mới; false: đã thay bộ cũ' }) });
const criteriaSetJson = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Bộ tiêu chí theo định dạng par-criteria-set (docs/criteria-set-format.md); số là phần trăm nguyên (150 = 1,50 điểm)' });

/** Issues as problem fields; an Excel issue keeps its sheet, row and column. */
function issueFields(issues: readonly ValidationIssue[], prefix: string) {
  return issues.map((i) => ({
    field:
      i.row !== undefined
        ? `${i.sheet ?? ''}!${i.column ?? ''}${i.row}`
        : i.path
          ? `${prefix}.${i.path}`
          : [prefix, i.nodeCode !== undefined ? `node(${i.nodeCode})` : undefined, i.field].filter(Boolean).join('.'),
    message: i.message,
    ...(i.nodeCode !== undefined ? { nodeCode: i.nodeCode } : {}),
    ...(i.sheet !== undefined ? { sheet: i.sheet } : {}),
    ...(i.row !== undefined ? { row: i.row } : {}),
    ...(i.column !== undefined ? { column: i.column } : {}),
  }));
}

/** Criteria sets per year and unit group: JSON and Excel import/export, copy to another year. */
export function criteriaSetRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Bộ tiêu chí');
  const secretariat = { roles: ['secretariat'] as const };

  const load = async (year: number, groupCode: string) => {
    const row = await db.criteriaSet.findFirst({ where: { year, group: { code: groupCode } }, include: { group: true } });
    if (!row) throw notFound(`Chưa có bộ tiêu chí năm ${year} cho nhóm ${groupCode}.`);
    return row;
  };
  const summaryOf = (row: { year: number; title: string; scale: number; sample: boolean; updatedAt: Date; group: { code: string; name: string } }) => ({
    year: row.year,
    groupCode: row.group.code,
    groupName: row.group.name,
    title: row.title,
    scale: row.scale / 100,
    sample: row.sample,
    updatedAt: row.updatedAt.toISOString(),
  });

  /** Stores a validated set for a year still in set-up; the whole set or nothing. */
  const save = async (set: CriteriaSet, year: number, groupCode: string, principal: Principal, source: string) => {
    if (set.year !== year || set.groupCode !== groupCode) {
      throw unprocessable(`Bộ tiêu chí ghi năm ${set.year}, nhóm ${set.groupCode}; không khớp với đường dẫn (năm ${year}, nhóm ${groupCode}).`, [
        { field: 'body.year', message: 'Phải khớp năm và nhóm trên đường dẫn' },
      ], 'CRITERIA_SET_MISMATCH');
    }
    return inTransaction(db, async (tx) => {
      const [yearRow] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM years WHERE year = ${year} FOR SHARE`;
      const group = await tx.unitGroup.findUnique({ where: { code: groupCode } });
      if (!yearRow) throw notFound(`Chưa có năm đánh giá ${year}.`);
      if (!group) throw notFound(`Không có nhóm đơn vị ${groupCode}.`);
      if (yearRow.status !== 'setup') throw conflict(`Năm ${year} đã khởi động; không thể thay bộ tiêu chí.`, 'YEAR_STARTED');
      const before = await tx.criteriaSet.findUnique({ where: { year_groupId: { year, groupId: group.id } } });
      const data = { title: set.title, sample: set.sample, scale: set.scale, tree: set as unknown as Prisma.InputJsonValue };
      const row = await tx.criteriaSet.upsert({ where: { year_groupId: { year, groupId: group.id } }, create: { year, groupId: group.id, ...data }, update: data, include: { group: true } });
      await appendAudit(tx, {
        at: new Date(),
        ...actorOf(principal),
        year,
        action: 'criteria-set.import',
        target: groupCode,
        before: before ? { title: before.title, scale: before.scale } : null,
        after: { title: set.title, scale: set.scale, source },
      });
      return { row, created: !before };
    });
  };

  r.route(
    {
      method: 'get',
      path: '/years/:year/criteria-sets',
      summary: 'Các bộ tiêu chí của năm',
      access: { roles: ROLES },
      params: z.strictObject({ year: yearParam }),
      responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(setSummary) }) } },
    },
    async ({ params: { year } }) => {
      const rows = await db.criteriaSet.findMany({ where: { year }, include: { group: true }, orderBy: { group: { order: 'asc' } } });
      return { items: rows.map(summaryOf) };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/criteria-sets/:groupCode',
      summary: 'Xuất bộ tiêu chí (JSON)',
      access: { roles: ROLES },
      params: setParams,
      responses: { 200: { description: 'Bộ tiêu chí', schema: criteriaSetJson } },
    },
    async ({ params, res }) => {
      const row = await load(params.year, params.groupCode);
      res.setHeader('Last-Modified', row.updatedAt.toUTCString());
      return storedSet(row);
    },
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/criteria-sets/:groupCode',
      summary: 'Nhập bộ tiêu chí (JSON), thay bộ hiện có; chỉ khi năm chưa khởi động',
      description: 'Bộ tiêu chí được kiểm tra toàn bộ; có lỗi thì không lưu gì và trả 422 kèm từng lỗi.',
      access: secretariat,
      params: setParams,
      body: criteriaSetJson,
      responses: { 200: { description: 'Đã lưu (tạo mới hoặc thay)', schema: importResult } },
    },
    async ({ params, body, principal }) => {
      const parsed = parseCriteriaSet(body);
      if (!parsed.ok) throw unprocessable('Bộ tiêu chí không hợp lệ.', issueFields(parsed.issues, 'body'), 'CRITERIA_SET_INVALID');
      const { row, created } = await save(parsed.value, params.year, params.groupCode, principal, 'json');
      return { ...summaryOf(row), created };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/criteria-sets/:groupCode/xlsx',
      summary: 'Xuất bộ tiêu chí (Excel .xlsx, dùng làm mẫu nhập)',
      access: { roles: ROLES },
      params: setParams,
      responses: { 200: { description: 'Tệp Excel', contentType: XLSX_TYPE, headers: { 'Content-Disposition': 'attachment; filename*=UTF-8…' } } },
    },
    async ({ params, res }) => {
      const row = await load(params.year, params.groupCode);
      const file = await criteriaSetToXlsx(storedSet(row));
      res.setHeader('Content-Type', XLSX_TYPE);
      res.setHeader('Content-Disposition', attachment(`Bộ tiêu chí ${row.group.code} năm ${row.year}.xlsx`));
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(file);
    },
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/criteria-sets/:groupCode/xlsx',
      summary: 'Nhập bộ tiêu chí từ tệp Excel .xlsx; chỉ khi năm chưa khởi động',
      description: `Tệp tối đa 5 MB. Mọi lỗi được trả về cùng lúc với trang, dòng, cột (422); có lỗi thì không lưu gì.`,
      access: secretariat,
      params: setParams,
      upload: { contentTypes: [XLSX_TYPE, 'application/octet-stream'], description: 'Nội dung tệp .xlsx' },
      responses: { 200: { description: 'Đã lưu (tạo mới hoặc thay)', schema: importResult } },
    },
    async ({ params, principal, req }) => {
      const file = await readRawBody(req, MAX_XLSX_BYTES);
      const parsed = await criteriaSetFromXlsx(file);
      if (!parsed.ok) throw unprocessable('Tệp Excel có lỗi; chưa nhập gì.', issueFields(parsed.issues, 'file'), 'CRITERIA_SET_INVALID');
      const { row, created } = await save(parsed.value, params.year, params.groupCode, principal, 'xlsx');
      return { ...summaryOf(row), created };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/criteria-sets/:groupCode/copy',
      summary: 'Sao chép bộ tiêu chí sang một năm khác (đang chuẩn bị)',
      description: 'Giữ nguyên cây, mã, điểm và cách chấm; năm trong tên bộ được đổi theo. Năm đích đã có bộ của nhóm thì cần replace: true.',
      access: secretariat,
      params: setParams,
      body: z.strictObject({
        toYear: yearValue,
        title: prose(300).optional(),
        sample: z.boolean().optional(),
        replace: z.boolean().optional().meta({ description: 'Thay bộ đã có ở năm đích' }),
      }),
      responses: { 201: { description: 'Đã sao chép', schema: setSummary } },
    },
    async ({ params, body, principal, res }) => {
      const row = await load(params.year, params.groupCode);
      if (body.toYear === params.year) throw unprocessable('Năm đích phải khác năm của bộ tiêu chí.', [{ field: 'body.toYear', message: 'Trùng năm nguồn' }]);
      if (!body.replace) {
        const existing = await db.criteriaSet.findFirst({ where: { year: body.toYear, group: { code: params.groupCode } } });
        if (existing) throw conflict(`Năm ${body.toYear} đã có bộ tiêu chí cho nhóm ${params.groupCode}; gửi replace: true để thay.`, 'CRITERIA_SET_EXISTS');
      }
      const copy = copyCriteriaSetToYear(storedSet(row), body.toYear, { ...(body.title ? { title: body.title } : {}), ...(body.sample !== undefined ? { sample: body.sample } : {}) });
      const saved = await save(copy, body.toYear, params.groupCode, principal, `copy:${params.year}`);
      res.location(`/api/v1/years/${body.toYear}/criteria-sets/${params.groupCode}`);
      return summaryOf(saved.row);
    },
  );

  return r;
}
