/**
 * Hash routes ("#/nam/2023/don-vi/SNV"): the server serves one page and never needs to know the
 * screens. A screen with unsaved work sets a leave guard; leaving then asks first, and the browser's
 * own prompt covers closing the tab.
 */

export type Params = Record<string, string>;

export interface RouteMatch<T> {
  route: T;
  params: Params;
}

interface Compiled<T> {
  route: T;
  regex: RegExp;
  names: string[];
}

export class Router<T extends { path: string }> {
  private readonly compiled: Compiled<T>[];
  private guard: (() => boolean) | null = null;
  private current = '';

  constructor(
    routes: readonly T[],
    private readonly render: (match: RouteMatch<T> | null, path: string) => void,
    private readonly confirmLeave: () => Promise<boolean>,
  ) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((part) => {
          if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(part.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, regex: new RegExp(`^${source}/?$`), names };
    });
  }

  start(): void {
    window.addEventListener('hashchange', () => void this.onHashChange());
    window.addEventListener('beforeunload', (event) => {
      if (this.guard?.()) {
        event.preventDefault();
        event.returnValue = '';
      }
    });
    this.current = this.path();
    this.show();
  }

  /** The path of the current hash ("/" when empty or not a route, like the skip link's "#main"). */
  path(): string {
    const hash = location.hash;
    return hash.startsWith('#/') ? decodeURI(hash.slice(1).split('?')[0]!) : '/';
  }

  /** The query after the path in the hash ("#/khao-sat?ma=…", as links in e-mails carry it). */
  query(): URLSearchParams {
    const at = location.hash.indexOf('?');
    return new URLSearchParams(at < 0 ? '' : location.hash.slice(at + 1));
  }

  match(path: string): RouteMatch<T> | null {
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (m) return { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')])) };
    }
    return null;
  }

  /** `dirty` answers whether leaving now would lose work; cleared on every navigation. */
  setLeaveGuard(dirty: (() => boolean) | null): void {
    this.guard = dirty;
  }

  /** Whether the screen holds work that leaving would lose. */
  hasUnsavedWork(): boolean {
    return this.guard?.() ?? false;
  }

  go(path: string): void {
    if (location.hash === `#${path}`) this.show();
    else location.hash = path;
  }

  /** Re-renders the current screen (after a login, say). */
  refresh(): void {
    this.show();
  }

  private async onHashChange(): Promise<void> {
    const next = this.path();
    if (!location.hash.startsWith('#/') && location.hash !== '') return;
    if (this.guard?.() && next !== this.current) {
      const wanted = location.hash;
      // replaceState fires no hashchange: the address shows the screen still open while we ask.
      history.replaceState(null, '', `#${this.current}`);
      if (!(await this.confirmLeave())) return;
      this.guard = null;
      location.hash = wanted;
      return;
    }
    this.current = next;
    this.show();
  }

  private show(): void {
    this.guard = null;
    this.current = this.path();
    this.render(this.match(this.current), this.current);
  }
}

/** "#/nam/2023/don-vi/SNV" from path parts, each encoded. */
export function href(...parts: (string | number)[]): string {
  return `#/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
}
