import type { Role } from '../../domain/roles';

/** The authenticated user of a request. */
export interface Principal {
  userId: string;
  username: string;
  fullName: string;
  role: Role;
  unitId: string | null;
  unitCode: string | null;
  /** How the request proved it: a bearer token (API clients) or the browser's session cookie. */
  via?: 'bearer' | 'cookie';
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}
