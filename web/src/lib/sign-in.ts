import { api, request } from './api';
import { saveSession, type Session, type SessionUser } from './session';

interface LoginResponse {
  csrfToken: string;
  expiresAt: string;
  user: { username: string; fullName: string; role: SessionUser['role'] };
}

interface Me extends SessionUser {
  csrfToken?: string;
  sessionExpiresAt?: string;
}

/** Exchanges a username and password for a cookie session, with the unit the user belongs to. */
export async function signIn(username: string, password: string): Promise<Session> {
  const login = (await request<LoginResponse>('POST', '/auth/login', { body: { username, password, session: 'cookie' }, allowUnauthorized: true, anonymous: true })).body;
  const pending: Session = { csrfToken: login.csrfToken, expiresAt: login.expiresAt, user: { ...login.user, unitCode: null } };
  saveSession(pending);
  const me = await api.get<Me>('/auth/me');
  const session: Session = { ...pending, user: { userId: me.userId, username: me.username, fullName: me.fullName, role: me.role, unitCode: me.unitCode } };
  saveSession(session);
  return session;
}

/**
 * A session the browser holds in its cookie although this page has no record of it (signed in by
 * single sign-on, or local storage was cleared): asks the server who it belongs to.
 */
export async function resumeSession(): Promise<Session | null> {
  try {
    const response = await request<Me>('GET', '/auth/me', { allowUnauthorized: true });
    const me = response.body;
    if (!me.csrfToken) return null;
    const session: Session = {
      csrfToken: me.csrfToken,
      expiresAt: me.sessionExpiresAt ?? new Date(Date.now() + 60 * 60_000).toISOString(),
      user: { userId: me.userId, username: me.username, fullName: me.fullName, role: me.role, unitCode: me.unitCode },
    };
    saveSession(session);
    return session;
  } catch {
    return null;
  }
}
