import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db } from '../../lib/db/prisma';
import { createSession } from './sessions';

/**
 * The browser's session: its token lives in an HttpOnly; Secure; SameSite=Strict cookie that page
 * scripts cannot read, so a script injected into the page cannot carry it away. Requests that change
 * something must also send the session's CSRF token (X-CSRF-Token), which another site can neither
 * read nor guess. API clients keep sending `Authorization: Bearer …` instead, and need no CSRF token.
 *
 * The `__Host-` prefix makes the browser refuse the cookie unless it is Secure, for the whole site
 * and set by this host only. Browsers treat http://localhost and http://127.0.0.1 as secure, so the
 * web works there without TLS; anywhere else it must be served over HTTPS.
 */

export const SESSION_COOKIE = '__Host-cchc-session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Derived from the secret token, so it needs no storage and proves the page read it from us. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update('csrf\n').update(sessionToken).digest('base64url');
}

export function csrfMatches(sessionToken: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function sessionCookieOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : null;
    }
  }
  return null;
}

function setCookie(res: Response, value: string, maxAgeSeconds: number): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`);
}

/** Credentials must never be kept by a cache on the way or in the browser. */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

/**
 * Signs a user in for the browser: a new session, its cookie on `res`, and the CSRF token the page
 * sends back on every change. Every way of signing in on the web (password, single sign-on) ends here.
 */
export async function startWebSession(db: Db, res: Response, userId: string, ttlMinutes: number): Promise<{ expiresAt: Date; csrfToken: string }> {
  const { token, expiresAt } = await createSession(db, userId, ttlMinutes);
  setCookie(res, token, ttlMinutes * 60);
  noStore(res);
  return { expiresAt, csrfToken: csrfTokenFor(token) };
}

export function clearWebSession(res: Response): void {
  setCookie(res, '', 0);
  noStore(res);
}
