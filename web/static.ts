import path from 'node:path';
import express, { Router, type Response } from 'express';

/**
 * Serves the built browser app (web/dist): index.html at `/`, never cached, under a strict
 * Content-Security-Policy (scripts and styles only from this origin, nothing inline, no frames);
 * the content-hashed assets under /assets, cached for a year.
 */

export const WEB_DIST = path.resolve(__dirname, 'dist');

export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function secure(res: Response): void {
  res.setHeader('Content-Security-Policy', WEB_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function webRouter(distDir = WEB_DIST): Router {
  const router = Router();

  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => secure(res),
    }),
  );

  router.get(['/', '/index.html'], (_req, res, next) => {
    secure(res);
    res.setHeader('Cache-Control', 'no-cache');
    // `root` lets send() accept a checkout under a dot-segment path (e.g. ~/.local/…), which it refuses in an absolute path.
    res.sendFile('index.html', { root: distDir, lastModified: true, etag: true, cacheControl: false }, (error?: Error) => {
      if (!error) return;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return next(error);
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Giao diện web chưa được dựng. Hãy chạy `npm start` (hoặc `npx tsx scripts/build-web.ts`).');
    });
  });

  return router;
}
