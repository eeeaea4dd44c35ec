import { z } from 'zod';
import { isUnitRole, ROLES } from '../../domain/roles';
import { appendAudit } from '../../lib/audit';
import { Prisma } from '../../lib/db/prisma';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { conflict, notFound, unprocessable } from '../problem';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { booleanQuery, codeParam, pageOf, pageQuery, paging, pagingSchema, prose, sortQuery } from '../validate';

const groupSchema = z.object({ code: z.string(), name: z.string(), order: z.number().int(), units: z.number().int() });
const unitSchema = z.object({ code: z.string(), name: z.string(), groupCode: z.string(), groupName: z.string(), email: z.string().nullable(), active: z.boolean() });
const email = z.email('Địa chỉ thư điện tử không hợp lệ').max(200, 'Địa chỉ thư quá dài');
const order = z.number({ error: 'Thứ tự phải là số' }).int('Thứ tự phải là số nguyên').min(0, 'Thứ tự không âm').max(10000, 'Thứ tự quá lớn');

type UnitRow = Prisma.UnitGetPayload<{ include: { group: true } }>;
const unitView = (u: UnitRow) => ({ code: u.code, name: u.name, groupCode: u.group.code, groupName: u.group.name, email: u.email, active: u.active });

function uniqueOr409<T>(what: string, code: string) {
  return (error: unknown): T => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(`${what} đã tồn tại.`, code);
    throw error;
  };
}

/** Unit groups (ranked separately) and the units in them: data per province, never code. */
export function unitRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Đơn vị');
  const secretariat = { roles: ['secretariat'] as const };

  const group = async (code: string) => {
    const g = await db.unitGroup.findUnique({ where: { code }, include: { _count: { select: { units: true } } } });
    if (!g) throw notFound(`Không có nhóm đơn vị ${code}.`);
    return g;
  };
  const groupView = (g: Awaited<ReturnType<typeof group>>) => ({ code: g.code, name: g.name, order: g.order, units: g._count.units });

  r.route(
    {
      method: 'get',
      path: '/unit-groups',
      summary: 'Các nhóm đơn vị',
      access: { roles: ROLES },
      responses: { 200: { description: 'Danh sách nhóm', schema: z.object({ items: z.array(groupSchema) }) } },
    },
    async () => {
      const rows = await db.unitGroup.findMany({ include: { _count: { select: { units: true } } }, orderBy: [{ order: 'asc' }, { code: 'asc' }] });
      return { items: rows.map(groupView) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/unit-groups',
      summary: 'Tạo nhóm đơn vị',
      access: secretariat,
      body: z.strictObject({ code: codeParam, name: prose(200), order: order.optional() }),
      responses: { 201: { description: 'Đã tạo', schema: groupSchema } },
    },
    async ({ body, principal, res }) => {
      await inTransaction(db, async (tx) => {
        await tx.unitGroup.create({ data: { code: body.code, name: body.name, order: body.order ?? 0 } });
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'unit-group.create', target: body.code, after: body });
      }).catch(uniqueOr409(`Nhóm ${body.code}`, 'GROUP_EXISTS'));
      res.location(`/api/v1/unit-groups/${body.code}`);
      return groupView(await group(body.code));
    },
  );

  r.route(
    {
      method: 'patch',
      path: '/unit-groups/:groupCode',
      summary: 'Sửa tên hoặc thứ tự nhóm',
      access: secretariat,
      params: z.strictObject({ groupCode: codeParam }),
      body: z.strictObject({ name: prose(200).optional(), order: order.optional() }).refine((b) => Object.keys(b).length > 0, 'Cần ít nhất một trường để cập nhật'),
      responses: { 200: { description: 'Đã cập nhật', schema: groupSchema } },
    },
    async ({ params, body, principal }) => {
      const before = await group(params.groupCode);
      await inTransaction(db, async (tx) => {
        await tx.unitGroup.update({ where: { id: before.id }, data: body });
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'unit-group.update', target: before.code, before: { name: before.name, order: before.order }, after: body });
      });
      return groupView(await group(params.groupCode));
    },
  );

  r.route(
    {
      method: 'delete',
      path: '/unit-groups/:groupCode',
      summary: 'Xóa nhóm chưa có đơn vị và bộ tiêu chí nào',
      access: secretariat,
      params: z.strictObject({ groupCode: codeParam }),
      responses: { 204: { description: 'Đã xóa' } },
    },
    async ({ params, principal }) => {
      const g = await group(params.groupCode);
      const sets = await db.criteriaSet.count({ where: { groupId: g.id } });
      if (g._count.units > 0 || sets > 0) throw conflict(`Nhóm ${g.code} còn ${g._count.units} đơn vị và ${sets} bộ tiêu chí; không xóa được.`, 'GROUP_IN_USE');
      await inTransaction(db, async (tx) => {
        await tx.unitGroup.delete({ where: { id: g.id } });
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'unit-group.delete', target: g.code, before: { name: g.name, order: g.order } });
      });
    },
  );

  r.route(
    {
      method: 'get',
      path: '/units',
      summary: 'Danh sách đơn vị (cán bộ đơn vị chỉ thấy đơn vị mình)',
      access: { roles: ROLES },
      query: z.strictObject({
        ...pageQuery,
        groupCode: codeParam.optional(),
        active: booleanQuery.optional(),
        q: z.string().trim().min(1).max(100, 'Tối đa 100 ký tự').optional().meta({ description: 'Tìm trong mã và tên đơn vị' }),
        sort: sortQuery(['code', 'name', 'group']),
      }),
      responses: { 200: { description: 'Một trang đơn vị', schema: z.object({ items: z.array(unitSchema), paging: pagingSchema }) } },
    },
    async ({ query, principal }) => {
      const p = pageOf(query, 100);
      const where: Prisma.UnitWhereInput = {
        ...(isUnitRole(principal.role) ? { id: principal.unitId ?? '00000000-0000-0000-0000-000000000000' } : {}),
        ...(query.groupCode ? { group: { code: query.groupCode } } : {}),
        ...(query.active !== undefined ? { active: query.active } : {}),
        ...(query.q ? { OR: [{ code: { contains: query.q.toUpperCase() } }, { name: { contains: query.q, mode: 'insensitive' } }] } : {}),
      };
      const sort = query.sort ?? { key: 'code', dir: 'asc' };
      const orderBy: Prisma.UnitOrderByWithRelationInput[] =
        sort.key === 'group' ? [{ group: { order: sort.dir } }, { code: 'asc' }] : [{ [sort.key]: sort.dir }, { code: 'asc' }];
      const [rows, total] = await Promise.all([db.unit.findMany({ where, include: { group: true }, orderBy, skip: p.skip, take: p.take }), db.unit.count({ where })]);
      return { items: rows.map(unitView), paging: paging(p, total) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/units',
      summary: 'Tạo đơn vị',
      access: secretariat,
      body: z.strictObject({ code: codeParam, name: prose(300), groupCode: codeParam, email: email.optional() }),
      responses: { 201: { description: 'Đã tạo', schema: unitSchema } },
    },
    async ({ body, principal, res }) => {
      const g = await db.unitGroup.findUnique({ where: { code: body.groupCode } });
      if (!g) throw unprocessable(`Không có nhóm đơn vị ${body.groupCode}.`, [{ field: 'body.groupCode', message: 'Không tồn tại' }]);
      const unit = await inTransaction(db, async (tx) => {
        const created = await tx.unit.create({ data: { code: body.code, name: body.name, groupId: g.id, email: body.email ?? null }, include: { group: true } });
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'unit.create', target: body.code, after: unitView(created) });
        return created;
      }).catch(uniqueOr409<never>(`Đơn vị ${body.code}`, 'UNIT_EXISTS'));
      res.location(`/api/v1/units/${unit.code}`);
      return unitView(unit);
    },
  );

  r.route(
    {
      method: 'get',
      path: '/units/:unitCode',
      summary: 'Một đơn vị',
      access: { roles: ROLES, scope: ['unit'] },
      params: z.strictObject({ unitCode: codeParam }),
      responses: { 200: { description: 'Đơn vị', schema: unitSchema } },
    },
    async ({ params }) => {
      const unit = await db.unit.findUnique({ where: { code: params.unitCode }, include: { group: true } });
      if (!unit) throw notFound(`Không có đơn vị ${params.unitCode}.`);
      return unitView(unit);
    },
  );

  r.route(
    {
      method: 'patch',
      path: '/units/:unitCode',
      summary: 'Sửa tên, thư, nhóm hoặc ngừng/mở lại đơn vị',
      description: 'Đổi nhóm chỉ có hiệu lực từ năm khởi động sau; hồ sơ của năm đã khởi động giữ nhóm cũ.',
      access: secretariat,
      params: z.strictObject({ unitCode: codeParam }),
      body: z
        .strictObject({ name: prose(300).optional(), email: email.nullable().optional(), groupCode: codeParam.optional(), active: z.boolean().optional() })
        .refine((b) => Object.keys(b).length > 0, 'Cần ít nhất một trường để cập nhật'),
      responses: { 200: { description: 'Đã cập nhật', schema: unitSchema } },
    },
    async ({ params, body, principal }) => {
      const before = await db.unit.findUnique({ where: { code: params.unitCode }, include: { group: true } });
      if (!before) throw notFound(`Không có đơn vị ${params.unitCode}.`);
      let groupId: string | undefined;
      if (body.groupCode) {
        const g = await db.unitGroup.findUnique({ where: { code: body.groupCode } });
        if (!g) throw unprocessable(`Không có nhóm đơn vị ${body.groupCode}.`, [{ field: 'body.groupCode', message: 'Không tồn tại' }]);
        groupId = g.id;
      }
      const after = await inTransaction(db, async (tx) => {
        const updated = await tx.unit.update({
          where: { id: before.id },
          data: {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.email !== undefined ? { email: body.email } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
            ...(groupId ? { groupId } : {}),
          },
          include: { group: true },
        });
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'unit.update', target: before.code, before: unitView(before), after: unitView(updated) });
        return updated;
      });
      return unitView(after);
    },
  );

  return r;
}
