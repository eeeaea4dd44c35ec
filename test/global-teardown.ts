import { rm } from 'node:fs/promises';
import { testRun } from './support/test-run';

export default async function globalTeardown(): Promise<void> {
  await testRun.temporal?.stop();
  await testRun.postgres?.destroy();
  if (process.env.PAR_TEST_WORKFLOW_BUNDLE) await rm(process.env.PAR_TEST_WORKFLOW_BUNDLE, { force: true });
}
