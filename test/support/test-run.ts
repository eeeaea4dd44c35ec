import type { DevServer } from '../../dev/temporal-dev-server';
import type { PostgresCluster } from './postgres-cluster';

/** What the global setup started for the whole run, kept for the global teardown (same process). */
export const testRun: { temporal?: DevServer; postgres?: PostgresCluster } =
  ((globalThis as { __parTestRun?: object }).__parTestRun ??= {});
