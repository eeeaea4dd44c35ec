import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { HttpProblem, sendProblem } from './problem';

/**
 * Security headers, CORS and the login rate limit. CORS is closed unless origins are listed: a
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
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

export interface LoginLimit {
  /** Attempts per window for one username from one address. */
  perUser: number;
  /** Attempts per window from one address, whatever the usernames. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMIT: LoginLimit = { perUser: 10, perAddress: 100, windowMs: 15 * 60_000 };

function tooMany(windowMs: number): HttpProblem {
  const minutes = Math.ceil(windowMs / 60_000);
  return new HttpProblem(429, 'Quá nhiều lần đăng nhập', `Đã thử đăng nhập quá nhiều lần; vui lòng thử lại sau ${minutes} phút.`, { code: 'RATE_LIMITED' });
}

/** Two limits in front of POST /auth/login: per address and username, and per address. */
export function loginRateLimit(limit: LoginLimit = DEFAULT_LOGIN_LIMIT): RequestHandler[] {
  const common = {
    windowMs: limit.windowMs,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    handler: ((req, res) => sendProblem(res, tooMany(limit.windowMs), req.originalUrl)) as RequestHandler,
  };
  return [
    rateLimit({ ...common, limit: limit.perAddress, keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown') }),
    rateLimit({
      ...common,
      limit: limit.perUser,
      keyGenerator: (req) => {
        const username = typeof (req.body as { username?: unknown } | undefined)?.username === 'string' ? (req.body as { username: string }).username.trim().toLowerCase().slice(0, 100) : '';
        return `${ipKeyGenerator(req.ip ?? 'unknown')}|${username}`;
      },
    }),
  ];
}
