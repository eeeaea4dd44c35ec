import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers and CORS (login throttling: api/auth/throttle.ts). CORS is closed unless origins are listed: a
 * browser on another origin gets no Access-Control-Allow-Origin and cannot read any answer.
 */

export function securityHeaders(): RequestHandler {
  return helmet({
    // The API answers JSON and files only; the docs page and the web UI set their own policy.
    contentSecurityPolicy: { useDefaults: true, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'form-action': ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
}

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.header('Origin');
    if (!origin || !allowed.has(origin)) return next();
    res.vary('Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Location, Idempotency-Replayed, Retry-After');
    if (req.method === 'OPTIONS' && req.header('Access-Control-Request-Method')) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-CSRF-Token');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
