import type { Params, Router } from './router';
import type { Role, Session } from './session';

/** What every screen gets: who is signed in, the route's parameters, and the way to move on. */
export interface Ctx {
  session: Session | null;
  params: Params;
  /** The query in the hash, e.g. ?ma=… from an invitation e-mail. */
  query: URLSearchParams;
  router: Router<AppRoute>;
  /** Sets what leaving this screen would lose (null: nothing). */
  guard(dirty: (() => boolean) | null): void;
  /** Sets the page title (document title and the heading screen readers land on). */
  title(text: string): void;
}

export type View = (ctx: Ctx) => Promise<Node> | Node;

export interface AppRoute {
  path: string;
  view: View;
  /** Who may open it; absent means everyone signed in; `public` needs no login. */
  roles?: readonly Role[];
  public?: boolean;
}
