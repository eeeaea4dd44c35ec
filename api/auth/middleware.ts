import type { Request, RequestHandler } from 'express';
import { isRole, type Role } from '../../domain/roles';
import type { Db } from '../../lib/db/prisma';
import { HttpProblem, unauthorized } from '../problem';
import { tokenHash } from './sessions';
import { CSRF_HEADER, csrfMatches, sessionCookieOf } from './web-session';
import './principal';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match ? match[1]! : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The session token the request was authenticated with (bearer header or cookie). */
      sessionToken?: string;
      sessionExpiresAt?: Date;
      /** A valid session cookie came without its CSRF token on a change: refused on protected routes. */
      csrfRejected?: boolean;
    }
  }
}

export const csrfRefused = () =>
  new HttpProblem(403, 'Yêu cầu không được xác nhận', `Thiếu hoặc sai mã chống giả mạo (${CSRF_HEADER}); hãy tải lại trang rồi thử lại.`, { code: 'CSRF_TOKEN_INVALID' });

/** The session token of a request: the bearer header wins (API clients), else the browser's cookie. */
export function sessionTokenOf(req: Request): { token: string; via: 'bearer' | 'cookie' } | null {
  const bearer = bearerToken(req.headers.authorization);
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = sessionCookieOf(req);
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Reads the bearer token or the session cookie, if any, and attaches the principal. Whether a route
 * needs one, and which roles, is its declared access rule (api/openapi/access.ts). A cookie counts
 * for a change only with its CSRF token; an invalid cookie is ignored (the browser may keep a stale
 * one), while an invalid bearer token is refused at once.
 */
export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const credential = sessionTokenOf(req);
    if (!credential) return next();
    const session = await db.session.findUnique({
      where: { tokenHash: tokenHash(credential.token) },
      include: { user: { include: { unit: { select: { code: true } } } } },
    });
    if (!session || session.expiresAt.getTime() <= Date.now() || !session.user.active || !isRole(session.user.role)) {
      if (credential.via === 'cookie') return next();
      return next(unauthorized('Phiên đăng nhập đã hết hạn hoặc không hợp lệ; vui lòng đăng nhập lại.'));
    }
    if (credential.via === 'cookie' && !SAFE_METHODS.has(req.method) && !csrfMatches(credential.token, req.header(CSRF_HEADER))) {
      req.csrfRejected = true;
      return next();
    }
    const u = session.user;
    req.sessionToken = credential.token;
    req.sessionExpiresAt = session.expiresAt;
    req.principal = {
      userId: u.id,
      username: u.username,
      fullName: u.fullName,
      role: u.role as Role,
      unitId: u.unitId,
      unitCode: u.unit?.code ?? null,
      via: credential.via,
    };
    next();
  };
}
