import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';

const liveSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.object({ database: z.string(), temporal: z.string() }),
});

/** /healthz: the process is up. /readyz: the database and Temporal both answer. */
export function healthRoutes({ db, temporal }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Hệ thống');

  r.route(
    {
      method: 'get',
      path: '/healthz',
      summary: 'Tiến trình đang chạy',
      access: { public: true },
      responses: { 200: { description: 'Đang chạy', schema: liveSchema } },
    },
    () => ({ status: 'ok' as const }),
  );

  r.route(
    {
      method: 'get',
      path: '/readyz',
      summary: 'Cơ sở dữ liệu và Temporal đều trả lời',
      access: { public: true },
      responses: { 200: { description: 'Sẵn sàng', schema: readySchema }, 503: { description: 'Chưa sẵn sàng', schema: readySchema } },
    },
    async ({ res }) => {
      const check = async (fn: () => Promise<unknown>) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('quá thời gian chờ')), 3000)))]);
          return 'ok';
        } catch {
          // Public route: say which part fails, not why (addresses and messages stay in the logs).
          return 'không trả lời';
        } finally {
          clearTimeout(timer);
        }
      };
      const [database, temporalStatus] = await Promise.all([
        check(() => db.$queryRaw`SELECT 1`),
        check(() => temporal.workflowService.getSystemInfo({})),
      ]);
      const ready = database === 'ok' && temporalStatus === 'ok';
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: { database, temporal: temporalStatus } });
    },
  );

  return r;
}
