import { z } from 'zod';
import { isUnitRole, mayBelongToUnit, ROLE_LABELS, ROLES, type Role } from '../../domain/roles';
import { appendAudit } from '../../lib/audit';
import { Prisma, type Db } from '../../lib/db/prisma';
import { hashPassword } from '../auth/password';
import { newPassword, passwordProblem } from '../auth/password-policy';
import { endSessionsOf } from '../auth/sessions';
import { clearThrottle, throttleKey, waitsOf } from '../auth/throttle';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { conflict, notFound, unprocessable } from '../problem';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { booleanQuery, codeParam, emptyBody, pageOf, pageQuery, paging, pagingSchema, sortQuery, text, usernameParam } from '../validate';

const roleSchema = z.enum(ROLES, { error: `Vai trò là một trong: ${ROLES.join(', ')}` });
const email = z.email('Địa chỉ thư điện tử không hợp lệ').max(200, 'Địa chỉ thư quá dài');
const fullName = text(200).refine((s) => !/[<>]/.test(s), 'Họ tên không được chứa < hoặc >');

const userSchema = z.object({
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  unitCode: z.string().nullable(),
  active: z.boolean(),
  lockedUntil: z.iso.datetime().nullable().meta({ description: 'Đăng nhập sai nhiều lần: phải chờ đến lúc này (từ ít nhất một địa chỉ); Sở Nội vụ có thể mở khóa ngay' }),
  createdAt: z.iso.datetime(),
});

const createBody = z.strictObject({
  username: usernameParam,
  fullName,
  email: email.optional(),
  role: roleSchema,
  unitCode: codeParam.optional(),
  password: newPassword,
});

const updateBody = z
  .strictObject({
    fullName: fullName.optional(),
    email: email.nullable().optional(),
    role: roleSchema.optional(),
    unitCode: codeParam.nullable().optional(),
    active: z.boolean({ error: 'Chỉ nhận true hoặc false' }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Cần ít nhất một trường để cập nhật');

const listQuery = z.strictObject({
  ...pageQuery,
  role: roleSchema.optional(),
  unitCode: codeParam.optional(),
  active: booleanQuery.optional(),
  q: z.string().trim().min(1).max(100, 'Tối đa 100 ký tự').optional().meta({ description: 'Tìm trong tên đăng nhập và họ tên' }),
  sort: sortQuery(['username', 'fullName', 'role', 'createdAt']),
});

const userParams = z.strictObject({ username: usernameParam });

type UserRow = Prisma.UserGetPayload<{ include: { unit: { select: { code: true } } } }>;

export function userView(u: UserRow, waitUntil?: Date) {
  return {
    username: u.username,
    fullName: u.fullName,
    email: u.email,
    role: u.role as Role,
    roleLabel: ROLE_LABELS[u.role as Role] ?? u.role,
    unitCode: u.unit?.code ?? null,
    active: u.active,
    lockedUntil: waitUntil ? waitUntil.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

/**
 * Unit roles belong to exactly one unit; a council member may belong to one (the unit they lead or
 * work in, which they then do not appraise); every other role to none.
 */
async function unitIdFor(db: Db, role: Role, unitCode: string | null | undefined): Promise<string | null> {
  if (!isUnitRole(role)) {
    if (unitCode && !mayBelongToUnit(role)) throw unprocessable(`Vai trò ${ROLE_LABELS[role]} không gắn với đơn vị.`, [{ field: 'body.unitCode', message: 'Không dùng cho vai trò này' }]);
    if (!unitCode) return null;
  }
  if (!unitCode) throw unprocessable(`Vai trò ${ROLE_LABELS[role]} cần mã đơn vị.`, [{ field: 'body.unitCode', message: 'Bắt buộc với vai trò này' }]);
  const unit = await db.unit.findUnique({ where: { code: unitCode } });
  if (!unit) throw unprocessable(`Không có đơn vị ${unitCode}.`, [{ field: 'body.unitCode', message: 'Không tồn tại' }]);
  return unit.id;
}

const withUnit = { unit: { select: { code: true } } } as const;

/** Accounts and roles, managed by Sở Nội vụ. */
export function userRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Người dùng');
  const secretariat = { roles: ['secretariat'] as const };

  const find = async (username: string) => {
    const user = await db.user.findUnique({ where: { username }, include: withUnit });
    if (!user) throw notFound(`Không có tài khoản ${username}.`);
    return user;
  };
  const viewsOf = async (rows: UserRow[]) => {
    const waits = await waitsOf(db, rows.map((u) => u.username));
    return rows.map((u) => userView(u, waits.get(throttleKey(u.username))));
  };

  r.route(
    {
      method: 'get',
      path: '/roles',
      summary: 'Các vai trò và tên tiếng Việt',
      access: { roles: ROLES },
      responses: { 200: { description: 'Danh sách vai trò', schema: z.object({ items: z.array(z.object({ role: z.enum(ROLES), label: z.string() })) }) } },
    },
    () => ({ items: ROLES.map((role) => ({ role, label: ROLE_LABELS[role] })) }),
  );

  r.route(
    {
      method: 'get',
      path: '/users',
      summary: 'Danh sách tài khoản (lọc, sắp xếp, phân trang)',
      access: secretariat,
      query: listQuery,
      responses: { 200: { description: 'Một trang tài khoản', schema: z.object({ items: z.array(userSchema), paging: pagingSchema }) } },
    },
    async ({ query }) => {
      const p = pageOf(query);
      const where: Prisma.UserWhereInput = {
        ...(query.role ? { role: query.role } : {}),
        ...(query.unitCode ? { unit: { code: query.unitCode } } : {}),
        ...(query.active !== undefined ? { active: query.active } : {}),
        ...(query.q ? { OR: [{ username: { contains: query.q, mode: 'insensitive' } }, { fullName: { contains: query.q, mode: 'insensitive' } }] } : {}),
      };
      const sort = query.sort ?? { key: 'username', dir: 'asc' };
      const [rows, total] = await Promise.all([
        db.user.findMany({ where, include: withUnit, orderBy: [{ [sort.key]: sort.dir }, { username: 'asc' }], skip: p.skip, take: p.take }),
        db.user.count({ where }),
      ]);
      return { items: await viewsOf(rows), paging: paging(p, total) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/users',
      summary: 'Tạo tài khoản',
      access: secretariat,
      body: createBody,
      responses: { 201: { description: 'Đã tạo', schema: userSchema, headers: { Location: 'Địa chỉ của tài khoản' } } },
    },
    async ({ body, principal, res }) => {
      const problem = passwordProblem(body.username, body.password);
      if (problem) throw unprocessable(problem, [{ field: 'body.password', message: problem }]);
      const unitId = await unitIdFor(db, body.role, body.unitCode);
      const passwordHash = await hashPassword(body.password);
      try {
        const view = await inTransaction(db, async (tx) => {
          const user = await tx.user.create({ data: { username: body.username, fullName: body.fullName, email: body.email ?? null, role: body.role, unitId, passwordHash }, include: withUnit });
          const v = userView(user);
          await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'user.create', target: user.username, after: { ...v, lockedUntil: undefined } });
          return v;
        });
        res.location(`/api/v1/users/${view.username}`);
        return view;
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(`Tên đăng nhập ${body.username} đã được dùng.`, 'USERNAME_TAKEN');
        throw error;
      }
    },
  );

  r.route(
    {
      method: 'get',
      path: '/users/:username',
      summary: 'Một tài khoản',
      access: secretariat,
      params: userParams,
      responses: { 200: { description: 'Tài khoản', schema: userSchema } },
    },
    async ({ params }) => (await viewsOf([await find(params.username)]))[0],
  );

  r.route(
    {
      method: 'patch',
      path: '/users/:username',
      summary: 'Sửa họ tên, thư, vai trò, đơn vị hoặc khóa/mở tài khoản',
      description: 'Đổi vai trò, đơn vị hoặc khóa tài khoản thì mọi phiên đăng nhập của tài khoản bị hủy.',
      access: secretariat,
      params: userParams,
      body: updateBody,
      responses: { 200: { description: 'Đã cập nhật', schema: userSchema } },
    },
    async ({ params, body, principal }) => {
      const user = await find(params.username);
      if (user.id === principal.userId && (body.active === false || (body.role && body.role !== user.role))) {
        throw conflict('Không thể tự khóa hoặc tự đổi vai trò của tài khoản đang dùng.', 'SELF_CHANGE');
      }
      const role = body.role ?? (user.role as Role);
      const unitCode = body.unitCode !== undefined ? body.unitCode : body.role !== undefined && !isUnitRole(role) ? null : user.unit?.code;
      const unitId = await unitIdFor(db, role, unitCode);
      const updated = await inTransaction(db, async (tx) => {
        const row = await tx.user.update({
          where: { id: user.id },
          data: {
            ...(body.fullName !== undefined ? { fullName: body.fullName } : {}),
            ...(body.email !== undefined ? { email: body.email } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
            role,
            unitId,
          },
          include: withUnit,
        });
        await appendAudit(tx, {
          at: new Date(),
          ...actorOf(principal),
          action: 'user.update',
          target: user.username,
          before: { ...userView(user), lockedUntil: undefined },
          after: { ...userView(row), lockedUntil: undefined },
        });
        return row;
      });
      if (updated.role !== user.role || updated.unitId !== user.unitId || !updated.active) await endSessionsOf(db, user.id);
      return (await viewsOf([updated]))[0];
    },
  );

  r.route(
    {
      method: 'post',
      path: '/users/:username/reset-password',
      summary: 'Đặt lại mật khẩu (và mở khóa) một tài khoản',
      description: 'Mọi phiên đăng nhập của tài khoản bị hủy; mọi thời gian chờ đăng nhập của nó chấm dứt ngay. Mật khẩu không bao giờ được lưu hay trả về.',
      access: secretariat,
      params: userParams,
      body: z.strictObject({ newPassword }),
      idempotent: false,
      responses: { 204: { description: 'Đã đặt lại' } },
    },
    async ({ params, body, principal }) => {
      const user = await find(params.username);
      const problem = passwordProblem(user.username, body.newPassword);
      if (problem) throw unprocessable(problem, [{ field: 'body.newPassword', message: problem }]);
      const passwordHash = await hashPassword(body.newPassword);
      await inTransaction(db, async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordSetAt: new Date() } });
        await clearThrottle(tx, user.username);
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'user.password-reset', target: user.username });
      });
      await endSessionsOf(db, user.id);
    },
  );

  r.route(
    {
      method: 'post',
      path: '/users/:username/unlock',
      summary: 'Mở khóa đăng nhập của một tài khoản (chấm dứt ngay mọi thời gian chờ)',
      description: 'Sau nhiều lần đăng nhập sai, tài khoản phải chờ trước khi thử lại từ địa chỉ đó; thao tác này chấm dứt mọi thời gian chờ của tài khoản, từ mọi địa chỉ.',
      access: secretariat,
      params: userParams,
      body: emptyBody,
      responses: { 200: { description: 'Đã mở khóa', schema: userSchema } },
    },
    async ({ params, principal }) => {
      const user = await find(params.username);
      await inTransaction(db, async (tx) => {
        const cleared = await clearThrottle(tx, user.username);
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'user.unlock', target: user.username, after: { pairsCleared: cleared } });
      });
      return (await viewsOf([user]))[0];
    },
  );

  r.route(
    {
      method: 'delete',
      path: '/users/:username',
      summary: 'Vô hiệu hóa tài khoản',
      description: 'Tài khoản không bị xóa khỏi hệ thống (nhật ký còn nhắc đến nó) mà bị vô hiệu hóa; mọi phiên bị hủy.',
      access: secretariat,
      params: userParams,
      responses: { 204: { description: 'Đã vô hiệu hóa' } },
    },
    async ({ params, principal }) => {
      const user = await find(params.username);
      if (user.id === principal.userId) throw conflict('Không thể tự vô hiệu hóa tài khoản đang dùng.', 'SELF_CHANGE');
      if (user.active) {
        await inTransaction(db, async (tx) => {
          await tx.user.update({ where: { id: user.id }, data: { active: false } });
          await appendAudit(tx, { at: new Date(), ...actorOf(principal), action: 'user.deactivate', target: user.username, before: { active: true }, after: { active: false } });
        });
      }
      await endSessionsOf(db, user.id);
    },
  );

  return r;
}
