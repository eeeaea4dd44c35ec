import type { RequestHandler } from 'express';
import { httpRequestDuration, metricsAccess, METRICS_CONTENT_TYPE, renderMetrics } from '../lib/metrics';
import { HttpProblem, sendProblem, unauthorized } from './problem';

/**
 * Times every request and counts it under its route pattern (`/api/v1/years/:year/units/:unitCode`,
 * set by the route registry when a declared route matches), never the raw URL, so the series stay
 * few; the web app's files and unknown paths fall under two fixed names.
 */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpRequestDuration.startTimer();
    res.once('finish', () => {
      const declared = res.locals.route as string | undefined;
      const route = declared ?? (req.path === '/metrics' ? '/metrics' : res.statusCode === 404 ? '(unmatched)' : '(web)');
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/** GET /metrics in Prometheus' text format, for a bearer token or (without one configured) loopback only. */
export function metricsEndpoint(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    const access = metricsAccess(req, token);
    if (access === 'unauthenticated') return sendProblem(res, unauthorized('Cần mã truy cập số liệu giám sát (Authorization: Bearer …).'), req.originalUrl);
    if (access === 'forbidden') {
      return sendProblem(
        res,
        new HttpProblem(403, 'Không có quyền', 'Số liệu giám sát chỉ đọc được bằng mã truy cập hoặc trực tiếp từ chính máy chủ.', { code: 'FORBIDDEN' }),
        req.originalUrl,
      );
    }
    renderMetrics()
      .then((text) => {
        res.setHeader('Cache-Control', 'no-store');
        res.type(METRICS_CONTENT_TYPE).send(text);
      })
      .catch(next);
  };
}
