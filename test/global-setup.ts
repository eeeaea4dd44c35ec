import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort } from '../dev/free-port';
import { startDevServer } from '../dev/temporal-dev-server';
import { WORKFLOWS_PATH } from '../worker/workflows-path';
import { temporalBinaries } from './support/binaries';
import { dropStaleTestDatabases } from './support/database';
import { chooseTestDatabaseServer } from './support/database-server';
import { removeOrphanClusters } from './support/postgres-cluster';
import { testRun } from './support/test-run';

/**
 * Once per test run: the Temporal binaries, the PostgreSQL server the test databases live on, a dev
 * server of the run's own (in memory, so it never touches the demo data; each test file registers a
 * namespace of its own on it), the workflow bundle built once for every worker, and leftovers of
 * crashed runs cleared.
 */
export default async function globalSetup(): Promise<void> {
  const { cli } = temporalBinaries();

  await removeOrphanClusters();
  const database = await chooseTestDatabaseServer();
  testRun.postgres = database.cluster;
  process.env.TEST_DATABASE_SERVER_URL = database.url;
  console.log(`\n▸ CSDL kiểm thử: ${database.description}`);
  await dropStaleTestDatabases();

  const port = await freePort();
  testRun.temporal = await startDevServer({ cliPath: cli, port, logLevel: 'error' });
  process.env.PAR_TEST_TEMPORAL_ADDRESS = testRun.temporal.address;

  const dir = path.resolve(__dirname, '../data/test');
  await mkdir(dir, { recursive: true });
  const bundlePath = path.join(dir, `workflow-bundle-${process.pid}.js`);
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  await writeFile(bundlePath, code);
  process.env.PAR_TEST_WORKFLOW_BUNDLE = bundlePath;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
