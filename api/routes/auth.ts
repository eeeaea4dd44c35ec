import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { recordAudit } from '../../lib/audit';
import { bearerToken } from '../auth/middleware';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password';
import { newPassword, passwordProblem } from '../auth/password-policy';
import { createSession, endSession, endSessionsOf } from '../auth/sessions';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { HttpProblem, unprocessable } from '../problem';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

const loginBody = z.strictObject({
  username: z.string().trim().min(1, 'Nhập tên đăng nhập').max(100, 'Tên đăng nhập quá dài'),
  password: z.string().min(1, 'Nhập mật khẩu').max(200, 'Mật khẩu quá dài'),
});

const userSummary = z.object({ username: z.string(), fullName: z.string(), role: z.enum(ROLES), unitCode: z.string().nullable() });
const loginResult = z.object({ token: z.string(), expiresAt: z.iso.datetime(), user: userSummary });

const meSchema = z.object({
  userId: z.string(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(ROLES),
  unitId: z.string().nullable(),
  unitCode: z.string().nullable(),
  fieldAssignments: z.array(z.object({ year: z.number().int(), fields: z.array(z.string()) })).meta({ description: 'Lĩnh vực được phân công thẩm định, theo năm' }),
});

const passwordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Nhập mật khẩu hiện tại').max(200, 'Mật khẩu quá dài'),
  newPassword,
});

const invalidCredentials = () => new HttpProblem(401, 'Đăng nhập không thành công', 'Tên đăng nhập hoặc mật khẩu không đúng.', { code: 'INVALID_CREDENTIALS' });

/** Sign in and out, who am I, change my password. (Rate limiting of login sits in front, in app.ts.) */
export function authRoutes({ db, config }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Đăng nhập');

  r.route(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Đăng nhập, nhận mã phiên (bearer token)',
      description: `Sai mật khẩu ${MAX_FAILURES} lần liên tiếp thì tài khoản bị tạm khóa ${LOCK_MINUTES} phút (423). Số lần thử bị giới hạn theo địa chỉ và tên đăng nhập (429).`,
      access: { public: true },
      body: loginBody,
      idempotent: false,
      responses: {
        200: { description: 'Đăng nhập thành công', schema: loginResult },
        401: { description: 'Sai tên đăng nhập hoặc mật khẩu' },
        423: { description: 'Tài khoản tạm khóa' },
        429: { description: 'Thử quá nhiều lần' },
      },
    },
    async ({ body: { username, password } }) => {
      const user = await db.user.findUnique({ where: { username }, include: { unit: { select: { code: true } } } });
      if (!user || !user.active) {
        // Same work as a real check, so the answer time does not reveal which usernames exist.
        await verifyPassword(password, DUMMY_HASH);
        throw invalidCredentials();
      }
      if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
        throw new HttpProblem(423, 'Tài khoản tạm khóa', `Tài khoản bị tạm khóa do đăng nhập sai nhiều lần; thử lại sau ${LOCK_MINUTES} phút hoặc liên hệ Sở Nội vụ.`, { code: 'ACCOUNT_LOCKED' });
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        // Counted in the database, so concurrent attempts cannot slip past the limit.
        const [row] = await db.$queryRaw<{ failed_logins: number }[]>`
          UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ${user.id}::uuid RETURNING failed_logins`;
        if (row && row.failed_logins >= MAX_FAILURES) {
          await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000) } });
          await recordAudit(db, { at: new Date(), actor: 'system', action: 'user.locked', target: user.username, reason: `Đăng nhập sai ${MAX_FAILURES} lần liên tiếp` });
        }
        throw invalidCredentials();
      }
      await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
      // Sessions that ran out are of no use to anyone: cleared as their owner comes back.
      await db.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } });
      const session = await createSession(db, user.id, config.sessionTtlMinutes);
      return {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        user: { username: user.username, fullName: user.fullName, role: user.role as (typeof ROLES)[number], unitCode: user.unit?.code ?? null },
      };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/auth/logout',
      summary: 'Đăng xuất (hủy mã phiên đang dùng)',
      access: { roles: ROLES },
      idempotent: false,
      responses: { 204: { description: 'Đã đăng xuất' } },
    },
    async ({ req }) => {
      const token = bearerToken(req.headers.authorization);
      if (token) await endSession(db, token);
    },
  );

  r.route(
    {
      method: 'get',
      path: '/auth/me',
      summary: 'Người dùng đang đăng nhập',
      access: { roles: ROLES },
      responses: { 200: { description: 'Thông tin tài khoản', schema: meSchema } },
    },
    async ({ principal }) => {
      const rows = await db.fieldAssignment.findMany({ where: { userId: principal.userId }, orderBy: [{ year: 'desc' }, { fieldCode: 'asc' }] });
      const byYear = new Map<number, string[]>();
      for (const row of rows) byYear.set(row.year, [...(byYear.get(row.year) ?? []), row.fieldCode]);
      return { ...principal, fieldAssignments: [...byYear].map(([year, fields]) => ({ year, fields })) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/auth/password',
      summary: 'Đổi mật khẩu của mình',
      description: 'Các phiên đăng nhập khác của tài khoản bị hủy; phiên đang dùng được giữ.',
      access: { roles: ROLES },
      body: passwordBody,
      idempotent: false,
      responses: { 204: { description: 'Đã đổi mật khẩu' } },
    },
    async ({ body, principal, req }) => {
      const user = await db.user.findUniqueOrThrow({ where: { id: principal.userId } });
      if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
        throw unprocessable('Mật khẩu hiện tại không đúng.', [{ field: 'body.currentPassword', message: 'Không đúng' }], 'WRONG_PASSWORD');
      }
      const problem = passwordProblem(user.username, body.newPassword);
      if (problem) throw unprocessable(problem, [{ field: 'body.newPassword', message: problem }]);
      if (await verifyPassword(body.newPassword, user.passwordHash)) {
        throw unprocessable('Mật khẩu mới phải khác mật khẩu hiện tại.', [{ field: 'body.newPassword', message: 'Trùng mật khẩu hiện tại' }]);
      }
      await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(body.newPassword), passwordSetAt: new Date() } });
      await endSessionsOf(db, user.id, bearerToken(req.headers.authorization) ?? undefined);
      await recordAudit(db, { at: new Date(), actor: principal.username, actorRole: principal.role, action: 'user.password-changed', target: user.username });
    },
  );

  return r;
}
