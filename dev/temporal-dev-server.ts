import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/**
 * Starts the Temporal CLI's dev server (the real server, SQLite-backed) with the project's search
 * attributes, and waits until its frontend answers. Used by `npm start` and by the test run.
 */
export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port: number;
  /** Web UI port; omitted = headless. */
  uiPort?: number;
  /** SQLite file for persistence; omitted = in memory. */
  dbFile?: string;
  namespaces?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  startTimeoutMs?: number;
  stdio?: 'ignore' | 'inherit';
  /** Own process group: a Ctrl-C to `npm start` then leaves it up until the worker has drained. */
  detached?: boolean;
}

export interface DevServer {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function devServerArgs(o: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip ?? '127.0.0.1', '--port', String(o.port), '--log-level', o.logLevel ?? 'error'];
  args.push(...(o.uiPort ? ['--ui-port', String(o.uiPort)] : ['--headless']));
  if (o.dbFile) args.push('--db-filename', o.dbFile);
  for (const ns of o.namespaces ?? []) args.push('--namespace', ns);
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  args.push('--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true');
  return args;
}

export async function waitForTemporal(address: string, timeoutMs: number, exited?: () => string | null): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    const reason = exited?.();
    if (reason) throw new Error(`Máy chủ Temporal đã dừng khi khởi động: ${reason}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Máy chủ Temporal tại ${address} không phản hồi sau ${timeoutMs / 1000} giây: ${String(lastError)}`);
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const child = spawn(o.cliPath, devServerArgs(o), { stdio: ['ignore', o.stdio ?? 'ignore', o.stdio ?? 'ignore'], detached: o.detached ?? false });
  let exit: string | null = null;
  child.once('exit', (code, signal) => {
    exit = `mã thoát ${code ?? signal}`;
  });
  child.once('error', (error) => {
    exit = error.message;
  });
  const address = `${o.ip ?? '127.0.0.1'}:${o.port}`;
  try {
    await waitForTemporal(address, o.startTimeoutMs ?? 30_000, () => exit);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
