import { createServer, type Server } from 'node:http';
import { METRICS_CONTENT_TYPE, metricsAccess, renderMetrics } from '../lib/metrics';

/**
 * The worker's /metrics when it runs apart from the API (`npm run worker`): its activities' figures
 * (mails, audit appends, process) and the Temporal SDK's worker metrics in one scrape, behind the
 * same guard as the API's (a bearer token, or loopback clients reached directly).
 */
export function serveWorkerMetrics(address: string, token: string | undefined): Promise<Server> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const server = createServer((req, res) => {
    const problem = (status: number, title: string, detail: string) => {
      res.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8' });
      res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
    };
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return problem(404, 'Không tìm thấy', 'Chỉ có GET /metrics.');
    const access = metricsAccess(req, token);
    if (access === 'unauthenticated') return problem(401, 'Chưa đăng nhập', 'Cần mã truy cập số liệu giám sát (Authorization: Bearer …).');
    if (access === 'forbidden') return problem(403, 'Không có quyền', 'Số liệu giám sát chỉ đọc được bằng mã truy cập hoặc trực tiếp từ chính máy chủ.');
    renderMetrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
        res.end(text);
      },
      (error: unknown) => problem(500, 'Lỗi hệ thống', error instanceof Error ? error.message : String(error)),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
