import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import type { Db } from '../../lib/db/prisma';
import { parseBodyWith, parseParamsWith, parseQueryWith, requireMediaType } from '../validate';
import { authorise, checkScope, type Access } from './access';

/**
 * The route registry. Every HTTP route is declared once — method, path, summary, who may call it and
 * zod schemas for its path parameters, query, body and responses — and that one declaration mounts
 * the Express handler, enforces the access rule, validates the input and writes the OpenAPI document
 * (/api/v1/openapi.json). The document therefore cannot drift from the routes, and
 * test/api/openapi.test.ts checks it route by route against the running app.
 *
 * Adding routes (e.g. api/routes/dispute.ts):
 *
 *   export function disputeRoutes(deps: ApiDeps): ApiRouter {
 *     const r = new ApiRouter('Giải trình');                  // the tag the routes are listed under
 *     r.route(
 *       {
 *         method: 'post',
 *         path: '/years/:year/units/:unitCode/explanations',   // relative to /api/v1, Express syntax
 *         summary: 'Đơn vị giải trình các tiêu chí bị yêu cầu',
 *         access: { roles: ['unit_head'], scope: ['unit'] },
 *         params: unitParams,                                   // z.strictObject with every :param
 *         body: explanationBody,                                // z.strictObject (unknown fields refused)
 *         responses: { 200: { description: 'Đã ghi nhận', schema: explanationResult } },
 *       },
 *       async ({ params, body, principal }) => { …; return result; },
 *     );
 *     return r;
 *   }
 *
 * and one line in api/app.ts: `mount(disputeRoutes(deps));`.
 *
 * - access: `{ public: true }` for anyone (with `credential` when the route needs a token of its own,
 *   such as a survey respondent's, checked before the input like a role), or `{ roles, scope }`: only signed-in users with one of
 *   `roles`; scope 'unit' → a unit officer or head reaches only their own :unitCode; scope 'field' →
 *   a council member reaches only the fields assigned to them for :year (:fieldCode, or the first
 *   segment of :leafCode). Anything finer (e.g. a phase) is the handler's job.
 * - params/query/body are validated before the handler runs (400 for path and query, 422 for the
 *   body, in Vietnamese, naming the field). Omitted query/body schemas mean "none accepted".
 * - `upload` instead of `body` for a non-JSON body (multipart, a file): the handler reads the stream.
 * - The handler's return value is sent as JSON with the first 2xx status of `responses`; return
 *   nothing and use `res` for files, other statuses and headers.
 * - Mutating routes honour `Idempotency-Key` (a retry replays the first response) unless
 *   `idempotent: false` (login, passwords: their responses must never be stored).
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** JSON body; omitted for empty (204) or non-JSON responses. */
  schema?: z.ZodType;
  /** Media type of a non-JSON body, e.g. a file download. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface UploadSpec {
  /** Accepted request media types, e.g. ['multipart/form-data']. */
  contentTypes: string[];
  description: string;
  /** For multipart: the form fields, described as a schema for the document. */
  schema?: z.ZodType;
}

type AnyParams = z.ZodType<Record<string, unknown>, Record<string, unknown>>;
type EmptyObject = z.ZodObject<Record<never, never>, z.core.$strict>;

export interface RouteSpec<A extends Access = Access, P extends AnyParams = EmptyObject, Q extends AnyParams = EmptyObject, B extends z.ZodType = EmptyObject> {
  method: HttpMethod;
  /** Express path relative to where the router is mounted (usually /api/v1). */
  path: string;
  /** Vietnamese, one line. */
  summary: string;
  description?: string;
  /** Defaults to the router's tag. */
  tags?: string[];
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  upload?: UploadSpec;
  responses: Record<number, ResponseSpec>;
  /** Mutating routes replay a retried Idempotency-Key by default. */
  idempotent?: boolean;
  /** Conditional headers the route honours, for the document. */
  requestHeaders?: { name: string; description: string; required?: boolean }[];
}

export interface RouteInput<A extends Access, P extends AnyParams, Q extends AnyParams, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The signed-in user; on public routes, whoever called (possibly nobody). */
  principal: A extends { public: true } ? Principal | undefined : Principal;
  req: Request;
  res: Response;
}

export type RouteHandler<A extends Access, P extends AnyParams, Q extends AnyParams, B extends z.ZodType> = (
  input: RouteInput<A, P, Q, B>,
) => unknown;

/** A declared route as the document and the tests see it. */
export interface RegisteredRoute {
  spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>;
  /** Full Express path including the mount prefix, e.g. /api/v1/years/:year. */
  fullPath: string;
  tags: string[];
}

/** Extra steps run between validation and the handler (idempotency), supplied by the app. */
export interface RouteHooks {
  beforeHandler?: (route: RegisteredRoute) => RequestHandler[];
  checkResponse?: (route: RegisteredRoute) => RequestHandler | undefined;
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete']);
export const isMutating = (method: HttpMethod) => MUTATING.has(method);

export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

/** Express `:name` → OpenAPI `{name}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const emptyStrict = z.strictObject({});

/** A router whose routes are declared through `route()`, so each is documented and guarded alike. */
export class ApiRouter {
  readonly routes: Omit<RegisteredRoute, 'fullPath'>[] = [];
  private readonly handlers: { spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>; handler: RouteHandler<Access, AnyParams, AnyParams, z.ZodType> }[] = [];

  constructor(readonly tag: string) {}

  route<A extends Access, P extends AnyParams = EmptyObject, Q extends AnyParams = EmptyObject, B extends z.ZodType = EmptyObject>(
    spec: RouteSpec<A, P, Q, B>,
    handler: RouteHandler<A, P, Q, B>,
  ): this {
    const declared = pathParams(spec.path).sort();
    const shape = spec.params instanceof z.ZodObject ? Object.keys(spec.params.shape).sort() : [];
    if (declared.join() !== shape.join()) {
      throw new Error(`${spec.method.toUpperCase()} ${spec.path}: tham số đường dẫn (${declared.join(', ')}) không khớp schema params (${shape.join(', ')})`);
    }
    if (spec.body && spec.upload) throw new Error(`${spec.method.toUpperCase()} ${spec.path}: chỉ khai báo một trong body hoặc upload`);
    if (!Object.keys(spec.responses).some((s) => Number(s) >= 200 && Number(s) < 300)) {
      throw new Error(`${spec.method.toUpperCase()} ${spec.path}: cần ít nhất một phản hồi 2xx`);
    }
    const general = spec as unknown as RouteSpec<Access, AnyParams, AnyParams, z.ZodType>;
    this.routes.push({ spec: general, tags: spec.tags ?? [this.tag] });
    this.handlers.push({ spec: general, handler: handler as unknown as RouteHandler<Access, AnyParams, AnyParams, z.ZodType> });
    return this;
  }

  /** The Express router for these routes, mounted at `prefix`; returns the routes with their full paths. */
  build(prefix: string, db: Db, hooks: RouteHooks = {}): { router: Router; routes: RegisteredRoute[] } {
    const router = Router();
    const routes: RegisteredRoute[] = [];
    for (const [i, { spec, handler }] of this.handlers.entries()) {
      const route: RegisteredRoute = { ...this.routes[i]!, fullPath: `${prefix}${spec.path}` };
      routes.push(route);
      router[spec.method](
        spec.path,
        markRoute(route.fullPath),
        authorise(spec.access),
        validateParams(spec),
        checkScope(spec.access, db),
        validateQuery(spec),
        validateBody(spec),
        ...(hooks.checkResponse ? [hooks.checkResponse(route)].filter((h): h is RequestHandler => h !== undefined) : []),
        ...(hooks.beforeHandler?.(route) ?? []),
        run(spec, handler),
      );
    }
    return { router, routes };
  }
}

/** Names the matched route by its pattern for the request metrics (api/metrics.ts). */
function markRoute(fullPath: string): RequestHandler {
  return (_req, res, next) => {
    res.locals.route = fullPath;
    next();
  };
}

// ------------------------------------------------------------------------------------------ validation

interface Parsed {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Input validated by the route's schemas. */
      parsed?: Parsed;
    }
  }
}

function validateParams(spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>): RequestHandler {
  const schema = spec.params ?? emptyStrict;
  return (req, _res, next) => {
    req.parsed = { params: parseParamsWith(schema, req) };
    next();
  };
}

function validateQuery(spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>): RequestHandler {
  const schema = spec.query ?? emptyStrict;
  return (req, _res, next) => {
    req.parsed!.query = parseQueryWith(schema, req);
    next();
  };
}

function validateBody(spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>): RequestHandler {
  if (spec.upload) {
    const types = spec.upload.contentTypes;
    return (req, _res, next) => {
      requireMediaType(req, types);
      next();
    };
  }
  if (spec.method === 'get') return (_req, _res, next) => next();
  const schema = spec.body ?? emptyStrict;
  return (req, _res, next) => {
    req.parsed!.body = parseBodyWith(schema, req);
    next();
  };
}

function successStatus(spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>): number {
  return Object.keys(spec.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
    .sort((a, b) => a - b)[0]!;
}

function run(spec: RouteSpec<Access, AnyParams, AnyParams, z.ZodType>, handler: RouteHandler<Access, AnyParams, AnyParams, z.ZodType>) {
  const status = successStatus(spec);
  return async (req: Request, res: Response, _next: NextFunction): Promise<void> => {
    const parsed = req.parsed ?? {};
    const result = await handler({
      params: parsed.params as Record<string, unknown>,
      query: parsed.query as Record<string, unknown>,
      body: parsed.body,
      principal: req.principal as Principal,
      req,
      res,
    });
    if (res.headersSent) return;
    if (result === undefined) {
      res.status(res.statusCode !== 200 ? res.statusCode : status).end();
      return;
    }
    res.status(res.statusCode !== 200 ? res.statusCode : status).json(result);
  };
}
