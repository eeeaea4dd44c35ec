import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../lib/db/prisma';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh bearer token; only its hash is stored. */
export async function createSession(db: Db, userId: string, ttlMinutes: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
  await db.session.create({ data: { tokenHash: tokenHash(token), userId, expiresAt } });
  return { token, expiresAt };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: tokenHash(token) } });
}

/** Signs the user out everywhere, except (optionally) the session making the request. */
export async function endSessionsOf(db: Db, userId: string, keepToken?: string): Promise<void> {
  await db.session.deleteMany({ where: { userId, ...(keepToken ? { NOT: { tokenHash: tokenHash(keepToken) } } : {}) } });
}
