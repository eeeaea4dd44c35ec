import { api, request } from './api';
import { saveSession, type Session, type SessionUser } from './session';

interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { username: string; fullName: string; role: SessionUser['role'] };
}

/** Exchanges a username and password for a session, with the unit the user belongs to. */
export async function signIn(username: string, password: string): Promise<Session> {
  const login = (await request<LoginResponse>('POST', '/auth/login', { body: { username, password }, allowUnauthorized: true, anonymous: true })).body;
  const pending: Session = { token: login.token, expiresAt: login.expiresAt, user: { ...login.user, unitCode: null } };
  saveSession(pending);
  const me = await api.get<SessionUser>('/auth/me');
  const session: Session = { ...pending, user: { userId: me.userId, username: me.username, fullName: me.fullName, role: me.role, unitCode: me.unitCode } };
  saveSession(session);
  return session;
}
