import type { Session } from './session';
import { defaultYear } from './years';

/** Where each role starts: its own work for the default year. */
export async function homePath(session: Session): Promise<string> {
  return homePathFor(session, await defaultYear());
}

/** Each role's own work in a given year. */
export function homePathFor(session: Session, year: number): string {
  switch (session.user.role) {
    case 'unit_officer':
    case 'unit_head':
      return `/nam/${year}/don-vi/${encodeURIComponent(session.user.unitCode ?? '')}`;
    case 'council_member':
      return `/nam/${year}/tham-dinh`;
    case 'chair':
      return `/nam/${year}/phe-duyet`;
    default:
      return `/nam/${year}/theo-doi`;
  }
}

const AFTER_LOGIN = 'chi-so-cchc.after-login';

/** Remembers the screen a signed-out user asked for, to open it after the login. */
export function rememberWanted(path: string): void {
  sessionStorage.setItem(AFTER_LOGIN, path);
}

export function afterLoginPath(session: Session): Promise<string> {
  const wanted = sessionStorage.getItem(AFTER_LOGIN);
  sessionStorage.removeItem(AFTER_LOGIN);
  return wanted && wanted !== '/dang-nhap' ? Promise.resolve(wanted) : homePath(session);
}

const LOGIN_MESSAGE = 'chi-so-cchc.login-message';

/** A message for the login screen (why the user was sent there). */
export function setLoginMessage(message: string): void {
  sessionStorage.setItem(LOGIN_MESSAGE, message);
}

export function takeLoginMessage(): string | null {
  const message = sessionStorage.getItem(LOGIN_MESSAGE);
  sessionStorage.removeItem(LOGIN_MESSAGE);
  return message;
}
