import { rm } from 'node:fs/promises';
import type { DevServer } from '../dev/temporal-dev-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __temporalDevServer?: DevServer }).__temporalDevServer;
  await server?.stop();
  if (process.env.PAR_TEST_WORKFLOW_BUNDLE) await rm(process.env.PAR_TEST_WORKFLOW_BUNDLE, { force: true });
}
