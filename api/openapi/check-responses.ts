import type { RequestHandler } from 'express';
import type { RegisteredRoute } from './registry';

/**
 * For tests: every JSON response of a declared status must match its declared schema, so the
 * document's responses cannot drift from what the handlers send. A mismatch becomes a 500 naming it.
 */
export function responseChecker(route: RegisteredRoute): RequestHandler | undefined {
  const schemas = Object.entries(route.spec.responses).filter(([, r]) => r.schema);
  if (!schemas.length) return undefined;
  const byStatus = new Map(schemas.map(([status, r]) => [Number(status), r.schema!]));
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const schema = byStatus.get(res.statusCode);
      if (schema) {
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          res.status(500);
          return json({
            type: 'about:blank',
            title: 'Phản hồi không khớp tài liệu OpenAPI',
            status: 500,
            code: 'RESPONSE_SCHEMA_MISMATCH',
            detail: `${req.method} ${route.fullPath} → ${byStatus.size ? res.statusCode : ''}`,
            errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
          });
        }
      }
      return json(body);
    };
    next();
  };
}
