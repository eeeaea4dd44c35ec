import type { Response } from 'express';
import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { recordAudit } from '../../lib/audit';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password';
import { newPassword, passwordProblem } from '../auth/password-policy';
import { createSession, endSession, endSessionsOf } from '../auth/sessions';
import { attemptFailed, attemptSucceeded, beginAttempt, clientAddress, DEFAULT_THROTTLE, throttleKey } from '../auth/throttle';
import { clearWebSession, csrfTokenFor, noStore, startWebSession } from '../auth/web-session';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { HttpProblem, unprocessable } from '../problem';

const loginBody = z.strictObject({
  username: z.string().trim().min(1, 'Nhập tên đăng nhập').max(100, 'Tên đăng nhập quá dài'),
  password: z.string().min(1, 'Nhập mật khẩu').max(200, 'Mật khẩu quá dài'),
  session: z
    .enum(['bearer', 'cookie'], { error: 'Kiểu phiên là bearer hoặc cookie' })
    .optional()
    .meta({ description: 'bearer (mặc định, cho chương trình gọi API): mã phiên trong nội dung trả về; cookie (giao diện web): mã phiên trong cookie HttpOnly, kèm mã CSRF' }),
});

const userSummary = z.object({ username: z.string(), fullName: z.string(), role: z.enum(ROLES), unitCode: z.string().nullable() });
const loginResult = z.object({
  token: z.string().optional().meta({ description: 'Mã phiên (bearer token), khi session là bearer' }),
  csrfToken: z.string().optional().meta({ description: 'Gửi lại trong X-CSRF-Token với mọi thay đổi, khi session là cookie' }),
  expiresAt: z.iso.datetime(),
  user: userSummary,
});

const meSchema = z.object({
  userId: z.string(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(ROLES),
  unitId: z.string().nullable(),
  unitCode: z.string().nullable(),
  fieldAssignments: z.array(z.object({ year: z.number().int(), fields: z.array(z.string()) })).meta({ description: 'Lĩnh vực được phân công thẩm định, theo năm' }),
  csrfToken: z.string().optional().meta({ description: 'Khi đăng nhập bằng cookie: mã CSRF của phiên' }),
  sessionExpiresAt: z.iso.datetime().optional().meta({ description: 'Lúc phiên đăng nhập này hết hạn' }),
});

const passwordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Nhập mật khẩu hiện tại').max(200, 'Mật khẩu quá dài'),
  newPassword,
});

const invalidCredentials = () => new HttpProblem(401, 'Đăng nhập không thành công', 'Tên đăng nhập hoặc mật khẩu không đúng.', { code: 'INVALID_CREDENTIALS' });

function throttled(res: Response, retryAfterMs: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res.setHeader('Retry-After', String(seconds));
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} phút` : `${seconds} giây`;
  return new HttpProblem(
    429,
    'Tạm dừng đăng nhập',
    `Đã đăng nhập sai nhiều lần với tên này từ địa chỉ của bạn; vui lòng thử lại sau ${wait}, hoặc nhờ Sở Nội vụ mở khóa ngay.`,
    { code: 'LOGIN_THROTTLED', retryAfterSeconds: seconds },
  );
}

/** Sign in and out, who am I, change my password. Login throttling: api/auth/throttle.ts. */
export function authRoutes({ db, config, loginThrottle }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Đăng nhập');
  const throttle = loginThrottle ?? DEFAULT_THROTTLE;

  r.route(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Đăng nhập: mã phiên (bearer token) cho chương trình, hoặc cookie phiên cho giao diện web',
      description:
        `Sai mật khẩu ${DEFAULT_THROTTLE.freeFailures} lần liên tiếp với một tên từ một địa chỉ thì phải chờ (429, Retry-After), ` +
        'thời gian chờ tăng gấp đôi sau mỗi lần sai tiếp; không khóa cứng tài khoản. Đăng nhập đúng không bị tính. ' +
        'Tên không tồn tại được trả lời như tên có thật. Sở Nội vụ mở khóa ngay (POST /users/{username}/unlock).',
      access: { public: true },
      body: loginBody,
      idempotent: false,
      responses: {
        200: { description: 'Đăng nhập thành công', schema: loginResult },
        401: { description: 'Sai tên đăng nhập hoặc mật khẩu' },
        429: { description: 'Phải chờ trước khi thử lại (Retry-After)' },
      },
    },
    async ({ body: { username, password, session: kind }, req, res }) => {
      noStore(res);
      const key = throttleKey(username);
      const address = clientAddress(req.ip);
      const attempt = await beginAttempt(db, key, address, throttle);
      if (!attempt.allowed) throw throttled(res, attempt.retryAfterMs);
      const user = await db.user.findUnique({ where: { username }, include: { unit: { select: { code: true } } } });
      // Same work as a real check for an unknown name, so the answer time does not reveal it either.
      const ok = await verifyPassword(password, user?.active ? user.passwordHash : DUMMY_HASH);
      if (!user || !user.active || !ok) {
        await attemptFailed(db, attempt, { username: user?.username ?? key, address, accountExists: Boolean(user?.active) }, throttle);
        throw invalidCredentials();
      }
      await attemptSucceeded(db, key, address);
      // Sessions that ran out are of no use to anyone: cleared as their owner comes back.
      await db.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } });
      const summary = { username: user.username, fullName: user.fullName, role: user.role as (typeof ROLES)[number], unitCode: user.unit?.code ?? null };
      if (kind === 'cookie') {
        const web = await startWebSession(db, res, user.id, config.sessionTtlMinutes);
        return { csrfToken: web.csrfToken, expiresAt: web.expiresAt.toISOString(), user: summary };
      }
      const session = await createSession(db, user.id, config.sessionTtlMinutes);
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: summary };
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
    async ({ req, res, principal }) => {
      if (req.sessionToken) await endSession(db, req.sessionToken);
      if (principal.via === 'cookie') clearWebSession(res);
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
    async ({ principal, req, res }) => {
      noStore(res);
      const rows = await db.fieldAssignment.findMany({ where: { userId: principal.userId }, orderBy: [{ year: 'desc' }, { fieldCode: 'asc' }] });
      const byYear = new Map<number, string[]>();
      for (const row of rows) byYear.set(row.year, [...(byYear.get(row.year) ?? []), row.fieldCode]);
      const { userId, username, fullName, role, unitId, unitCode } = principal;
      return {
        userId,
        username,
        fullName,
        role,
        unitId,
        unitCode,
        fieldAssignments: [...byYear].map(([year, fields]) => ({ year, fields })),
        ...(req.sessionExpiresAt ? { sessionExpiresAt: req.sessionExpiresAt.toISOString() } : {}),
        ...(principal.via === 'cookie' && req.sessionToken ? { csrfToken: csrfTokenFor(req.sessionToken) } : {}),
      };
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
      await endSessionsOf(db, user.id, req.sessionToken);
      await recordAudit(db, { at: new Date(), actor: principal.username, actorRole: principal.role, action: 'user.password-changed', target: user.username });
    },
  );

  return r;
}
