import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { canonicalJson } from '../lib/canonical-json';
import { Prisma, type Db } from '../lib/db/prisma';
import { isMutating, type RegisteredRoute } from './openapi/registry';
import { badRequest, conflict, HttpProblem } from './problem';

/**
 * Idempotency-Key on mutating calls: the first request with a key (per user) is handled and its
 * successful response stored in idempotency_keys before it is sent; a retry with the same key and the
 * same request gets that response again and acts no second time. The same key on a different request
 * is refused (422); a retry while the first is still running gets 409 and may try again shortly.
 * Failed requests change nothing, so they are not stored and may be retried as they are.
 */

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
/** A claim older than this whose request never finished (a crash) may be taken over. */
const STALE_CLAIM_MS = 60_000;
const KEEP_MS = 24 * 60 * 60 * 1000;
const REPLAYED_HEADERS = ['etag', 'location', 'last-modified'];

function fingerprintOf(req: Parameters<RequestHandler>[0], route: RegisteredRoute): string {
  // An upload's body is a stream only the handler reads, and a client retrying it may frame it with
  // a new multipart boundary: the key and the target identify it.
  const body = route.spec.upload ? 'upload' : canonicalJson(req.body ?? null);
  return createHash('sha256')
    .update([req.method, req.originalUrl, req.header('If-Match') ?? '', body].join('\n'))
    .digest('hex');
}

function replay(res: Response, record: { status: number; body: unknown; headers: unknown }): void {
  for (const [name, value] of Object.entries((record.headers ?? {}) as Record<string, string>)) res.setHeader(name, value);
  res.setHeader('Idempotency-Replayed', 'true');
  res.status(record.status);
  if (record.body === null || record.body === undefined) res.end();
  else res.json(record.body);
}

export function idempotency(db: Db): (route: RegisteredRoute) => RequestHandler[] {
  let lastPurge = 0;
  const purge = () => {
    if (Date.now() - lastPurge < 10 * 60_000) return;
    lastPurge = Date.now();
    db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_MS) } } }).catch(() => undefined);
  };

  return (route) => {
    if (!isMutating(route.spec.method) || route.spec.idempotent === false) return [];
    const handler: RequestHandler = async (req, res, next) => {
      const key = req.header('Idempotency-Key');
      if (key === undefined) return next();
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw badRequest('Idempotency-Key phải gồm 8–128 ký tự chữ, số hoặc . _ : -', [{ field: 'header.Idempotency-Key', message: 'Không hợp lệ' }]);
      }
      purge();
      const principal = req.principal?.userId ?? 'anon';
      const fingerprint = fingerprintOf(req, route);
      let claimId: string;
      try {
        claimId = (await db.idempotencyRecord.create({ data: { principal, key, fingerprint, status: 0 }, select: { id: true } })).id;
      } catch (error) {
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
        const existing = await db.idempotencyRecord.findUnique({ where: { principal_key: { principal, key } } });
        if (!existing) throw conflict('Yêu cầu với Idempotency-Key này vừa kết thúc; hãy gửi lại.', 'IDEMPOTENCY_RETRY');
        if (existing.fingerprint !== fingerprint) {
          throw new HttpProblem(422, 'Idempotency-Key đã được dùng', 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới cho yêu cầu mới.', {
            code: 'IDEMPOTENCY_KEY_REUSED',
            errors: [{ field: 'header.Idempotency-Key', message: 'Đã dùng cho yêu cầu khác' }],
          });
        }
        if (existing.status !== 0) return replay(res, existing);
        if (Date.now() - existing.createdAt.getTime() < STALE_CLAIM_MS) {
          res.setHeader('Retry-After', '1');
          throw conflict('Yêu cầu với Idempotency-Key này đang được xử lý; hãy thử lại sau giây lát.', 'IDEMPOTENCY_IN_PROGRESS');
        }
        // The first attempt died mid-way: this retry takes its place.
        const taken = await db.idempotencyRecord.updateMany({ where: { id: existing.id, status: 0, createdAt: existing.createdAt }, data: { createdAt: new Date() } });
        if (taken.count !== 1) throw conflict('Yêu cầu với Idempotency-Key này đang được xử lý; hãy thử lại sau giây lát.', 'IDEMPOTENCY_IN_PROGRESS');
        claimId = existing.id;
      }

      // Hold the response until the record is stored, so a client that saw it can always replay it.
      let captured: unknown = null;
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        captured = body;
        return json(body);
      };
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      let ended = false;
      res.end = ((...args: unknown[]) => {
        if (ended) return res;
        ended = true;
        const status = res.statusCode;
        const settle =
          status >= 200 && status < 300
            ? db.idempotencyRecord.update({
                where: { id: claimId },
                data: {
                  status,
                  body: captured === null || captured === undefined ? Prisma.DbNull : (captured as Prisma.InputJsonValue),
                  headers: Object.fromEntries(REPLAYED_HEADERS.filter((h) => res.getHeader(h) !== undefined).map((h) => [h, String(res.getHeader(h))])),
                },
              })
            : db.idempotencyRecord.delete({ where: { id: claimId } });
        settle.then(
          () => end(...args),
          () => end(...args),
        );
        return res;
      }) as Response['end'];
      next();
    };
    return [handler];
  };
}
