import { loadConfig } from '../config';
import { createPrisma } from '../lib/db/prisma';
import { createLogger } from '../lib/logger';
import { createMailer } from '../lib/mail/mailer';
import { collectProcessMetrics } from '../lib/metrics';
import { connectWorker, installTemporalRuntime, temporalMetricsAddress } from '../lib/temporal';
import { createWorker } from './create-worker';
import { serveWorkerMetrics } from './metrics-server';

/** `npm run worker`: the Temporal worker alone, with its metrics on WORKER_METRICS_ADDRESS. Stops gracefully on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined, await temporalMetricsAddress(config.metrics.temporalAddress));
  collectProcessMetrics();
  const logger = createLogger(config.logLevel, 'worker');
  const db = createPrisma(config.databaseUrl);
  const mailer = createMailer(config.smtp);
  const connection = await connectWorker(config.temporal);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundlePath: config.workflowBundlePath,
    deps: { db, mailer, logger, publicUrl: config.publicUrl, secretariatEmail: config.secretariatEmail },
  });
  const metrics = config.metrics.workerAddress ? await serveWorkerMetrics(config.metrics.workerAddress, config.metrics.token) : undefined;
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace, metrics: config.metrics.workerAddress ?? 'off' }, 'worker running');
  await worker.run();
  metrics?.close();
  await connection.close();
  mailer.close();
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
