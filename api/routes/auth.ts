import { Router } from 'express';
import { z } from 'zod';
import { DUMMY_HASH, verifyPassword } from '../auth/password';
import { bearerToken } from '../auth/middleware';
import { createSession, endSession } from '../auth/sessions';
import type { ApiDeps } from '../deps';
import { requireLogin } from '../auth/middleware';
import { HttpProblem } from '../problem';
import { parseBody } from '../validate';

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

const loginBody = z.strictObject({
  username: z.string().trim().min(1, 'Nhập tên đăng nhập').max(100),
  password: z.string().min(1, 'Nhập mật khẩu').max(200),
});

export function authRouter({ db, config }: ApiDeps): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const { username, password } = parseBody(loginBody, req);
    const user = await db.user.findUnique({ where: { username } });
    const invalid = new HttpProblem(401, 'Đăng nhập không thành công', 'Tên đăng nhập hoặc mật khẩu không đúng.', { code: 'INVALID_CREDENTIALS' });
    if (!user || !user.active) {
      await verifyPassword(password, DUMMY_HASH);
      throw invalid;
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      throw new HttpProblem(423, 'Tài khoản tạm khóa', `Tài khoản bị tạm khóa do đăng nhập sai nhiều lần; thử lại sau ${LOCK_MINUTES} phút.`, { code: 'ACCOUNT_LOCKED' });
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failures = user.failedLogins + 1;
      await db.user.update({
        where: { id: user.id },
        data: failures >= MAX_FAILURES ? { failedLogins: 0, lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000) } : { failedLogins: failures },
      });
      throw invalid;
    }
    await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    const session = await createSession(db, user.id, config.sessionTtlMinutes);
    res.json({ token: session.token, expiresAt: session.expiresAt.toISOString(), user: { username: user.username, fullName: user.fullName, role: user.role } });
  });

  router.post('/auth/logout', requireLogin, async (req, res) => {
    const token = bearerToken(req.headers.authorization);
    if (token) await endSession(db, token);
    res.status(204).end();
  });

  router.get('/auth/me', requireLogin, (req, res) => {
    res.json(req.principal);
  });

  return router;
}
