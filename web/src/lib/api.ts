import { clearSession, loadSession, type Session } from './session';

/**
 * Calls the API under /api/v1 as the signed-in browser: the session cookie goes with every call by
 * itself, and every change carries the session's CSRF token. Errors arrive as problem documents
 * (application/problem+json) with a Vietnamese title and detail, and become ApiError; a lost network
 * becomes an ApiError with status 0, so every screen can show one kind of message.
 */

export interface ProblemField {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
    readonly errors: ProblemField[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }

  /** Title and detail as one sentence for a message box. */
  get text(): string {
    return this.detail && this.detail !== this.title ? `${this.title}: ${this.detail}` : this.title;
  }
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body (a File or FormData); sent as is. */
  raw?: BodyInit;
  headers?: Record<string, string>;
  ifMatch?: string;
  /** For actions that must happen once: the same key is sent again if the user retries the same action. */
  idempotencyKey?: string;
  /** Leave 401 to the caller (the login form) instead of ending the session. */
  allowUnauthorized?: boolean;
  /** Not as the signed-in user (a survey respondent is not one): no CSRF token, a 401 is the caller's. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

let onUnauthorized: (message: string, ended: Session) => void = () => undefined;

/** What to do when the server says the session is over (sign in again, keeping unsaved work). */
export function setUnauthorizedHandler(handler: (message: string, ended: Session) => void): void {
  onUnauthorized = handler;
}

/** A key for Idempotency-Key: random, URL-safe; works outside secure contexts too (no randomUUID). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  const session = options.anonymous ? null : loadSession();
  if (session && method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body, signal: options.signal, cache: 'no-store', credentials: 'same-origin' });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'Không kết nối được máy chủ', 'Kiểm tra kết nối mạng rồi thử lại; dữ liệu chưa lưu vẫn còn trên màn hình.', 'NETWORK');
  }

  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
  if (response.ok) return { status: response.status, body: parsed as T, headers: response.headers };

  const problem = (parsed ?? {}) as Record<string, unknown>;
  const error = new ApiError(
    response.status,
    typeof problem.title === 'string' ? problem.title : `Lỗi ${response.status}`,
    typeof problem.detail === 'string' ? problem.detail : undefined,
    typeof problem.code === 'string' ? problem.code : undefined,
    Array.isArray(problem.errors) ? (problem.errors as ProblemField[]) : [],
    problem,
  );
  if (response.status === 401 && session && !options.allowUnauthorized) {
    clearSession();
    onUnauthorized(error.detail ?? 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.', session);
  }
  throw error;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options).then((r) => r.body),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body: body ?? {} }).then((r) => r.body),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }).then((r) => r.body),
};

/** Downloads a protected file (the session cookie goes with it), handed to the browser as a blob. */
export async function download(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'Không kết nối được máy chủ', 'Không tải được tệp; thử lại sau.', 'NETWORK');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(response.status, String(problem.title ?? `Lỗi ${response.status}`), problem.detail as string | undefined, problem.code as string | undefined);
  }
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return null;
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? null;
}
