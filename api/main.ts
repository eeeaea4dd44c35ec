import { loadConfig } from '../config';
import { createPrisma } from '../lib/db/prisma';
import { createLogger } from '../lib/logger';
import { collectProcessMetrics } from '../lib/metrics';
import { connectClient, watchTaskQueueBacklog } from '../lib/temporal';
import { listen } from './server';

/** `npm run api`: the HTTP API alone (the worker runs elsewhere). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'api');
  const db = createPrisma(config.databaseUrl);
  const temporal = await connectClient(config.temporal);
  collectProcessMetrics();
  watchTaskQueueBacklog(temporal, config.temporal.taskQueue);
  const server = await listen({ db, temporal, config, logger });
  logger.info({ url: `http://${config.host}:${config.port}` }, 'API listening');
  const stop = () => {
    server.close();
    void temporal.connection.close();
    void db.$disconnect();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
