import type { RequestHandler } from 'express';
import { isRole, type Role } from '../../domain/roles';
import type { Db } from '../../lib/db/prisma';
import { unauthorized } from '../problem';
import { tokenHash } from './sessions';
import './principal';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * Reads the bearer token, if any, and attaches the principal. Whether a route needs one, and which
 * roles, is its declared access rule (api/openapi/access.ts).
 */
export function authenticate(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return next();
    const session = await db.session.findUnique({
      where: { tokenHash: tokenHash(token) },
      include: { user: { include: { unit: { select: { code: true } } } } },
    });
    if (!session || session.expiresAt.getTime() <= Date.now() || !session.user.active || !isRole(session.user.role)) {
      return next(unauthorized('Phiên đăng nhập đã hết hạn hoặc không hợp lệ; vui lòng đăng nhập lại.'));
    }
    const u = session.user;
    req.principal = {
      userId: u.id,
      username: u.username,
      fullName: u.fullName,
      role: u.role as Role,
      unitId: u.unitId,
      unitCode: u.unit?.code ?? null,
    };
    next();
  };
}
