import { spawn, spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../../dev/free-port';
import { copyCheckout } from './fresh-checkout/copy-checkout';

/**
 * A newcomer's machine: a checkout under a dot-segment path (as under ~/.local/… or /srv/.apps/…) and,
 * in a network namespace of its own, no PostgreSQL, Temporal or SMTP server listening anywhere.
 * `npm start` there must come up on the embedded PostgreSQL, serve every page, stop everything on
 * Ctrl-C, and find its data again on the next start.
 */

const REPO = path.resolve(__dirname, '../..');
const base = path.join(REPO, 'data', 'test', '.checkouts', String(process.pid));
const checkout = path.join(base, 'chi-so-cchc');
// Loopback must be brought up inside the new namespace; `ip` comes with iproute2.
const NETNS = ['unshare', '--net', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"'];
const isolated = spawnSync(NETNS[0]!, [...NETNS.slice(1), 'true'], { stdio: 'ignore' }).status === 0;

/** Only what a newcomer's shell would have: nothing pointing at a database, Temporal or mail server. */
function newcomerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TERM', 'TMPDIR', 'PAR_CACHE_DIR', 'XDG_CACHE_HOME', 'TEMPORAL_CLI_PATH', 'TEMPORAL_TEST_SERVER_PATH'];
  const env: NodeJS.ProcessEnv = { npm_config_update_notifier: 'false', LOG_LEVEL: 'warn' };
  for (const key of keep) if (process.env[key]) env[key] = process.env[key];
  return { ...env, ...extra };
}

/** Without namespaces (no root, no unshare): the embedded server is asked for, and every port is a free one. */
async function sharedNetworkEnv(): Promise<Record<string, string>> {
  const [api, temporal, ui, smtp, mailWeb, postgres] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  return {
    EMBEDDED_POSTGRES: 'on',
    EMBEDDED_POSTGRES_PORT: String(postgres),
    PORT: String(api),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
    TEMPORAL_UI_URL: `http://127.0.0.1:${ui}`,
    SMTP_PORT: String(smtp),
    MAILDEV_WEB_PORT: String(mailWeb),
  };
}

function run(command: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // The script stops its own npm starts on SIGTERM.
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe(`a fresh checkout under a dot-segment path${isolated ? ', in a network namespace with nothing listening' : ''}`, () => {
  beforeAll(async () => {
    await copyCheckout(checkout);
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('npm start comes up on the embedded PostgreSQL, serves every page, stops it on Ctrl-C and keeps the data', async () => {
    const env = newcomerEnv(isolated ? {} : await sharedNetworkEnv());
    const script = [path.join(checkout, 'node_modules/.bin/tsx'), 'test/e2e/fresh-checkout/start-twice.ts'];
    const result = await run(isolated ? [...NETNS, ...script] : script, env, 540_000);
    if (result.code !== 0) throw new Error(`Kịch bản thất bại (mã ${result.code}):\n${result.stderr.slice(-4000)}`);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!);

    expect(report.first.database.join('\n')).toMatch(/PostgreSQL nhúng 17\.\d+ .*dữ liệu data\/postgres\/main \(mới tạo\)/);
    expect(report.second.database.join('\n')).toMatch(/PostgreSQL nhúng 17\.\d+ .*dữ liệu data\/postgres\/main; dừng khi thoát/);
    for (const [url, page] of Object.entries(report.pages as Record<string, { status: number }>)) expect([url, page.status]).toEqual([url, 200]);
    expect(Object.keys(report.pages).filter((u) => u.startsWith('/assets/')).length).toBeGreaterThanOrEqual(2);
    expect(report.createdMarkerUser).toBe(201);
    expect(report.metrics).toEqual(['cchc_http_request_duration_seconds_count', 'cchc_audit_appends_total', 'cchc_task_queue_backlog', 'temporal_worker_task_slots_available', 'temporal_num_pollers']);
    expect(report.markerLoginAfterRestart).toBe(200);
    // Each stop waited for every process of npm start and for the embedded server to be gone.
    for (const stop of [report.first.stop, report.second.stop]) expect([0, 'SIGINT']).toContain(stop.ended);
    console.log(`npm start sẵn sàng sau ${(report.first.readyMs / 1000).toFixed(1)} s (lần đầu), ${(report.second.readyMs / 1000).toFixed(1)} s (lần hai)`);
  }, 600_000);
});
