import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { defaultYearConfig, type YearConfig } from '../../domain/year-config';
import { appendAudit } from '../../lib/audit';
import { Prisma } from '../../lib/db/prisma';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { conflict, notFound } from '../problem';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { startYear } from '../../services/start-year';
import { deadlinesView, deadlineViewSchema, toYearConfig, yearConfigBody, yearConfigSchema, yearConfigView } from '../year-config-body';
import { pageOf, pageQuery, paging, pagingSchema, prose, sortQuery, yearParam, yearValue } from '../validate';

export const YEAR_STATUS_LABELS: Record<string, string> = {
  setup: 'Đang chuẩn bị',
  starting: 'Đang khởi động',
  running: 'Đang đánh giá',
  survey_closed: 'Đã đóng điều tra xã hội học',
  council_review: 'Chờ Hội đồng phê duyệt',
  approved: 'Đã phê duyệt',
  published: 'Đã công bố',
};
const YEAR_STATUSES = Object.keys(YEAR_STATUS_LABELS) as [string, ...string[]];

const yearSummary = z.object({ year: z.number().int(), title: z.string(), status: z.string(), statusLabel: z.string(), createdAt: z.iso.datetime() });
const yearDetail = yearSummary.extend({
  config: yearConfigSchema,
  deadlines: deadlineViewSchema,
  criteriaSets: z.array(z.object({ groupCode: z.string(), groupName: z.string(), title: z.string(), scale: z.number(), sample: z.boolean(), updatedAt: z.iso.datetime() })),
  assessments: z.number().int().meta({ description: 'Số đơn vị có hồ sơ đánh giá trong năm' }),
});

const yearParams = z.strictObject({ year: yearParam });
const createBody = z.strictObject({ year: yearValue, title: prose(300), config: yearConfigBody.optional() });
const updateBody = z
  .strictObject({ title: prose(300).optional(), config: yearConfigBody.optional() })
  .refine((b) => b.title !== undefined || b.config !== undefined, 'Cần ít nhất một trường để cập nhật');

type YearRow = { year: number; title: string; status: string; createdAt: Date };
const summary = (y: YearRow) => ({ year: y.year, title: y.title, status: y.status, statusLabel: YEAR_STATUS_LABELS[y.status] ?? y.status, createdAt: y.createdAt.toISOString() });

/** Assessment years and their configuration (deadlines, reminders, explanation window, bands, weights). */
export function yearRoutes({ db, temporal, config }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Năm đánh giá');
  const secretariat = { roles: ['secretariat'] as const };

  const detail = async (year: number) => {
    const y = await db.year.findUnique({
      where: { year },
      include: { criteriaSets: { include: { group: true }, orderBy: { group: { order: 'asc' } } }, _count: { select: { assessments: true } } },
    });
    if (!y) throw notFound(`Chưa có năm đánh giá ${year}.`);
    const cfg = y.config as unknown as YearConfig;
    return {
      ...summary(y),
      config: yearConfigView(cfg),
      deadlines: deadlinesView(cfg),
      criteriaSets: y.criteriaSets.map((s) => ({ groupCode: s.group.code, groupName: s.group.name, title: s.title, scale: s.scale / 100, sample: s.sample, updatedAt: s.updatedAt.toISOString() })),
      assessments: y._count.assessments,
    };
  };

  r.route(
    {
      method: 'get',
      path: '/years',
      summary: 'Danh sách năm đánh giá',
      access: { roles: ROLES },
      query: z.strictObject({ ...pageQuery, status: z.enum(YEAR_STATUSES).optional(), sort: sortQuery(['year', 'status']) }),
      responses: { 200: { description: 'Một trang năm đánh giá', schema: z.object({ items: z.array(yearSummary), paging: pagingSchema }) } },
    },
    async ({ query }) => {
      const p = pageOf(query);
      const where = query.status ? { status: query.status } : {};
      const sort = query.sort ?? { key: 'year', dir: 'desc' };
      const [rows, total] = await Promise.all([db.year.findMany({ where, orderBy: [{ [sort.key]: sort.dir }, { year: 'desc' }], skip: p.skip, take: p.take }), db.year.count({ where })]);
      return { items: rows.map(summary), paging: paging(p, total) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years',
      summary: 'Tạo năm đánh giá (mặc định theo chỉ thị: 31/3 và 10/5 năm sau)',
      access: secretariat,
      body: createBody,
      responses: { 201: { description: 'Đã tạo', schema: yearDetail, headers: { Location: 'Địa chỉ của năm' } } },
    },
    async ({ body, principal, res }) => {
      const yearConfig = body.config ? toYearConfig(body.config) : defaultYearConfig(body.year);
      try {
        await inTransaction(db, async (tx) => {
          await tx.year.create({ data: { year: body.year, title: body.title, config: yearConfig as unknown as Prisma.InputJsonValue } });
          await appendAudit(tx, { at: new Date(), ...actorOf(principal), year: body.year, action: 'year.create', target: String(body.year), after: { title: body.title, config: yearConfig } });
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(`Năm đánh giá ${body.year} đã tồn tại.`, 'YEAR_EXISTS');
        throw error;
      }
      res.location(`/api/v1/years/${body.year}`);
      return detail(body.year);
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year',
      summary: 'Một năm đánh giá: cấu hình, các hạn, bộ tiêu chí',
      access: { roles: ROLES },
      params: yearParams,
      responses: { 200: { description: 'Năm đánh giá', schema: yearDetail } },
    },
    async ({ params }) => detail(params.year),
  );

  r.route(
    {
      method: 'patch',
      path: '/years/:year',
      summary: 'Sửa tên hoặc cấu hình năm (cấu hình chỉ sửa được khi năm chưa khởi động)',
      description: 'Sau khi khởi động, hạn của từng đơn vị chỉ thay đổi bằng gia hạn có lý do.',
      access: secretariat,
      params: yearParams,
      body: updateBody,
      responses: { 200: { description: 'Đã cập nhật', schema: yearDetail } },
    },
    async ({ params: { year }, body, principal }) => {
      const nextConfig = body.config ? toYearConfig(body.config) : undefined;
      await inTransaction(db, async (tx) => {
        const [row] = await tx.$queryRaw<{ status: string; title: string; config: unknown }[]>`SELECT status, title, config FROM years WHERE year = ${year} FOR UPDATE`;
        if (!row) throw notFound(`Chưa có năm đánh giá ${year}.`);
        if (nextConfig && row.status !== 'setup') throw conflict(`Năm ${year} đã khởi động; không sửa được cấu hình (dùng gia hạn cho từng đơn vị).`, 'YEAR_STARTED');
        await tx.year.update({
          where: { year },
          data: { ...(body.title !== undefined ? { title: body.title } : {}), ...(nextConfig ? { config: nextConfig as unknown as Prisma.InputJsonValue } : {}) },
        });
        await appendAudit(tx, {
          at: new Date(),
          ...actorOf(principal),
          year,
          action: 'year.update',
          target: String(year),
          before: { title: row.title, ...(nextConfig ? { config: row.config } : {}) },
          after: { title: body.title ?? row.title, ...(nextConfig ? { config: nextConfig } : {}) },
        });
      });
      return detail(year);
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/start',
      summary: 'Khởi động năm: tạo hồ sơ cho mọi đơn vị và quy trình của năm',
      access: secretariat,
      params: yearParams,
      responses: { 202: { description: 'Đã khởi động', schema: z.object({ workflowId: z.string(), units: z.number().int() }) } },
    },
    async ({ params: { year }, principal }) => startYear(db, temporal, config.temporal.taskQueue, year, principal.username),
  );

  return r;
}
