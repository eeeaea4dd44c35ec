import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../lib/temporal';
import { createMailer } from '../../lib/mail/mailer';
import { createLogger } from '../../lib/logger';
import type { Db } from '../../lib/db/prisma';
import { createWorker } from '../../worker/create-worker';
import { ensureSearchAttributes } from '../../dev/temporal-setup';

export interface TestTemporal {
  address: string;
  namespace: string;
  taskQueue: string;
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

/**
 * A namespace of this test file's own on the run's dev server, with the project's search attributes,
 * so workflow ids like `par/2023/SNV` never collide between files.
 */
export async function createTestTemporal(): Promise<TestTemporal> {
  installTemporalRuntime();
  const address = process.env.PAR_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('PAR_TEST_TEMPORAL_ADDRESS chưa được đặt (globalSetup chưa chạy?)');
  const namespace = `test-${randomBytes(5).toString('hex')}`;
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection, namespace);
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace });
  return {
    address,
    namespace,
    taskQueue: `q-${namespace}`,
    client,
    connection,
    nativeConnection,
    async close() {
      await nativeConnection.close();
      await connection.close();
    },
  };
}

export interface TestWorkerParams {
  temporal: Pick<TestTemporal, 'namespace' | 'taskQueue' | 'nativeConnection'>;
  db: Db;
  smtpPort: number;
  publicUrl?: string;
}

/** The real worker (bundle built once per run) with real activities over the test database and SMTP. */
export async function createTestWorker(p: TestWorkerParams): Promise<Worker> {
  installTemporalRuntime();
  const mailer = createMailer({ host: '127.0.0.1', port: p.smtpPort, secure: false, from: '"Chỉ số CCHC" <chisocchc@localhost>' });
  return createWorker({
    connection: p.temporal.nativeConnection,
    namespace: p.temporal.namespace,
    taskQueue: p.temporal.taskQueue,
    workflowBundlePath: process.env.PAR_TEST_WORKFLOW_BUNDLE,
    deps: {
      db: p.db,
      mailer,
      logger: createLogger('silent'),
      publicUrl: p.publicUrl ?? 'http://localhost:3000',
      secretariatEmail: 'sonoivu@localhost',
    },
    // The test server does not end long polls on shutdown; do not wait a minute for them.
    options: { shutdownGraceTime: '1s', shutdownForceTime: '2s' },
  });
}

export function uniqueSuffix(): string {
  return randomBytes(3).toString('hex');
}
