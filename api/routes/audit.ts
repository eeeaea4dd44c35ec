import { z } from 'zod';
import { formatDateTimeVn } from '../../domain/calendar';
import { ROLES } from '../../domain/roles';
import { verifyAuditChain } from '../../lib/audit';
import type { Prisma } from '../../lib/db/prisma';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { assessmentFor } from '../access';
import { actionLabel, scoreChange } from '../../domain/audit-labels';
import { codeParam, intString, pageOf, pageQuery, paging, pagingSchema, usernameParam, yearParam } from '../validate';

const entrySchema = z.object({
  seq: z.string().meta({ description: 'Số thứ tự trong nhật ký (tăng dần)' }),
  at: z.iso.datetime(),
  atDisplay: z.string().meta({ description: 'HH:mm dd/mm/yyyy giờ Việt Nam' }),
  actor: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  target: z.string().nullable(),
  year: z.number().int().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
  change: z.string().nullable().meta({ description: 'Điểm trước → sau của một lần thẩm định, kèm lý do, ví dụ "2,00 → 1,00: Thiếu minh chứng"' }),
});
const listSchema = z.object({ items: z.array(entrySchema), paging: pagingSchema });

type AuditRow = Prisma.AuditEntryGetPayload<object>;
const entryView = (e: AuditRow) => ({
  seq: e.seq.toString(),
  at: e.at.toISOString(),
  atDisplay: formatDateTimeVn(e.at.getTime()),
  actor: e.actor,
  actorRole: e.actorRole,
  action: e.action,
  actionLabel: actionLabel(e.action),
  target: e.target,
  year: e.year,
  before: e.before ?? null,
  after: e.after ?? null,
  reason: e.reason,
  change: scoreChange({ action: e.action, before: e.before, after: e.after, reason: e.reason }),
});

const order = z.enum(['asc', 'desc'], { error: 'Thứ tự là asc hoặc desc' }).optional().meta({ description: 'asc: cũ trước (mặc định desc: mới trước)' });
const actionFilter = z
  .string()
  .regex(/^[a-z0-9.-]{1,60}$/, 'Mã thao tác gồm chữ thường, số, dấu chấm, gạch ngang')
  .optional()
  .meta({ description: 'Lọc theo mã thao tác hoặc tiền tố của nó, ví dụ appraisal' });

/**
 * The audit trail: each unit's timeline (who, when, what, before/after, why), the whole log for Sở
 * Nội vụ, and a check of the hash chain that shows whether any entry was changed or removed.
 */
export function auditRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Nhật ký');

  /** One page of entries matching `where`, newest first unless asked otherwise. */
  const entriesPage = async (where: Prisma.AuditEntryWhereInput, query: { order?: 'asc' | 'desc' } & Parameters<typeof pageOf>[0]) => {
    const p = pageOf(query, 100);
    const [rows, total] = await Promise.all([
      db.auditEntry.findMany({ where, orderBy: { seq: query.order ?? 'desc' }, skip: p.skip, take: p.take }),
      db.auditEntry.count({ where }),
    ]);
    return { items: rows.map(entryView), paging: paging(p, total) };
  };

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/timeline',
      summary: 'Dòng thời gian của hồ sơ đơn vị: ai, khi nào, làm gì, trước/sau, lý do',
      access: { roles: ROLES, scope: ['unit'] },
      params: z.strictObject({ year: yearParam, unitCode: codeParam }),
      query: z.strictObject({ ...pageQuery, order, action: actionFilter }),
      responses: { 200: { description: 'Một trang nhật ký', schema: listSchema } },
    },
    async ({ params: { year, unitCode }, query, principal }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      return entriesPage({ assessmentId: a.id, ...(query.action ? { action: { startsWith: query.action } } : {}) }, query);
    },
  );

  r.route(
    {
      method: 'get',
      path: '/audit',
      summary: 'Nhật ký toàn hệ thống (lọc theo năm, người, thao tác)',
      access: { roles: ['secretariat', 'chair'] },
      query: z.strictObject({
        ...pageQuery,
        order,
        action: actionFilter,
        year: yearParam.optional(),
        actor: z.union([usernameParam, z.literal('system')]).optional(),
        afterSeq: intString(0, 999_999_999, 'Số thứ tự không hợp lệ').optional().meta({ description: 'Chỉ các mục sau số thứ tự này' }),
      }),
      responses: { 200: { description: 'Một trang nhật ký', schema: listSchema } },
    },
    async ({ query }) => {
      return entriesPage(
        {
          ...(query.year !== undefined ? { year: query.year } : {}),
          ...(query.actor ? { actor: query.actor } : {}),
          ...(query.action ? { action: { startsWith: query.action } } : {}),
          ...(query.afterSeq !== undefined ? { seq: { gt: BigInt(query.afterSeq) } } : {}),
        },
        query,
      );
    },
  );

  r.route(
    {
      method: 'get',
      path: '/audit/verify',
      summary: 'Kiểm tra chuỗi băm của nhật ký: có mục nào bị sửa hoặc xóa không',
      description: 'Tính lại băm của từng mục theo thứ tự; báo mục đầu tiên không khớp (nội dung bị sửa: hash; mục bị xóa hay chèn: link).',
      access: { roles: ['secretariat', 'chair'] },
      responses: {
        200: {
          description: 'Kết quả kiểm tra',
          schema: z.object({
            ok: z.boolean(),
            entries: z.number().int().meta({ description: 'Số mục đã kiểm tra đến chỗ hỏng (hoặc tất cả)' }),
            brokenAt: z.object({ seq: z.string(), reason: z.enum(['hash', 'link']) }).optional(),
            message: z.string(),
            checkedAt: z.iso.datetime(),
          }),
        },
      },
    },
    async () => {
      const verdict = await verifyAuditChain(db);
      return {
        ...verdict,
        message: verdict.ok
          ? `Nhật ký nguyên vẹn: ${verdict.entries} mục, chuỗi băm khớp.`
          : `Nhật ký đã bị can thiệp tại mục số ${verdict.brokenAt!.seq} (${verdict.brokenAt!.reason === 'hash' ? 'nội dung bị sửa' : 'mục trước đó bị xóa hoặc chèn'}).`,
        checkedAt: new Date().toISOString(),
      };
    },
  );

  return r;
}
