import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { addSearchAttributes } from '../../lib/temporal-setup';
import { installTemporalRuntime } from '../../lib/temporal';
import { temporalBinaries } from './binaries';

/**
 * The time-skipping test server with its clock starting at `startUtc` (e.g. "2024-03-01 00:00:00"),
 * through libfaketime, so a test walks the real deadlines of the 2023 assessment (31/03/2024,
 * 10/05/2024) in seconds. The SDK passes the server only its port, so the start time goes into a
 * small launcher script of this environment's own.
 */
/** Debian's libfaketime (package faketime), for whichever architecture this is. */
function libfaketime(): string {
  for (const dir of readdirSync('/usr/lib')) {
    const candidate = path.join('/usr/lib', dir, 'faketime', 'libfaketimeMT.so.1');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('Không tìm thấy libfaketime (gói Debian "faketime"); `npm test` cài gói này.');
}

export async function createTimeSkippingAt(startUtc: string): Promise<TestWorkflowEnvironment> {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(startUtc)) throw new Error(`Thời điểm không hợp lệ: ${startUtc}`);
  // The SDK's runtime is created with the first connection; install the quiet one before that.
  installTemporalRuntime();
  const { testServer } = temporalBinaries();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-test-server-'));
  const launcher = path.join(dir, 'launch.sh');
  // Preloaded straight into the server's process (no wrapper process), so stopping it stops the server.
  await writeFile(launcher, `#!/bin/sh\nexec env TZ=UTC LD_PRELOAD='${libfaketime()}' FAKETIME='@${startUtc}' '${testServer}' "$@" 2>/dev/null\n`);
  await chmod(launcher, 0o755);
  try {
    const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: launcher } } });
    // The test server has no namespace or listing API, but it checks search attributes on start.
    await addSearchAttributes(env.connection, env.namespace ?? 'default');
    return env;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
