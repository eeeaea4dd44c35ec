import type { Principal } from './auth/principal';

/** The audit log's "who" for an action taken by a signed-in user. */
export function actorOf(principal: Principal): { actor: string; actorRole: string } {
  return { actor: principal.username, actorRole: principal.role };
}
