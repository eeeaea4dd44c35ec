/**
 * The signed-in user, kept in localStorage so every tab of the same browser shares one login (a
 * council member opens units side by side). Only the bearer token and who it belongs to are stored.
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
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = 'chi-so-cchc.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (!session.token || Date.parse(session.expiresAt) <= Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return session;
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
