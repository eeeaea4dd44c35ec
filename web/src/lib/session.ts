/**
 * Who is signed in, kept in localStorage so every tab of the same browser shares one login (a council
 * member opens units side by side). The session token itself is in an HttpOnly cookie that no script
 * can read; stored here are only who it belongs to, when it ends, and its CSRF token, which the page
 * sends back with every change.
 */

import type { Role } from '../../../domain/roles';

export type { Role };

export interface SessionUser {
  userId?: string;
  username: string;
  fullName: string;
  role: Role;
  unitCode: string | null;
}

export interface Session {
  csrfToken: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = 'chi-so-cchc.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<Session>;
    // An entry without a CSRF token is from before cookie sessions (it held a bearer token): drop it.
    if (!session.csrfToken || !session.user || !session.expiresAt || Date.parse(session.expiresAt) <= Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return session as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/** Another tab signed out or in: follow it. */
export function onSessionChange(listener: () => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key === KEY) listener();
  });
}
