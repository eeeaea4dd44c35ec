import { loadConfig } from '../config';
import { createPrisma } from '../lib/db/prisma';
import { createLogger } from '../lib/logger';
import { createMailer } from '../lib/mail/mailer';
import { connectWorker, installTemporalRuntime } from '../lib/temporal';
import { createWorker } from './create-worker';

/** `npm run worker`: the Temporal worker alone. Stops gracefully on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  installTemporalRuntime(process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined);
  const logger = createLogger(config.logLevel, 'worker');
  const db = createPrisma(config.databaseUrl);
  const mailer = createMailer(config.smtp);
  const connection = await connectWorker(config.temporal);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db, mailer, logger, publicUrl: config.publicUrl, secretariatEmail: config.secretariatEmail },
  });
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  await worker.run();
  await connection.close();
  mailer.close();
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
