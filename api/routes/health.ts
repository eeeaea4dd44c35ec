import { Router } from 'express';
import type { ApiDeps } from '../deps';

/** /healthz: the process is up. /readyz: the database and Temporal both answer. */
export function healthRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000))]);
        return 'ok';
      } catch (error) {
        return `lỗi: ${(error as Error).message}`;
      }
    };
    const [database, temporalStatus] = await Promise.all([
      check(() => db.$queryRaw`SELECT 1`),
      check(() => temporal.workflowService.getSystemInfo({})),
    ]);
    const ready = database === 'ok' && temporalStatus === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: { database, temporal: temporalStatus } });
  });
  return router;
}
