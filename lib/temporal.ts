import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Config } from '../config';

type TemporalConfig = Config['temporal'];

async function tlsOptions(t: TemporalConfig) {
  if (!t.tls) return undefined;
  if (!t.tlsCertPath || !t.tlsKeyPath) return true;
  return { clientCertPair: { crt: await readFile(t.tlsCertPath), key: await readFile(t.tlsKeyPath) } };
}

/** A client for starting workflows and sending them updates (used by the API and scripts). */
export async function connectClient(t: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({
    address: t.address,
    tls: await tlsOptions(t),
    apiKey: t.apiKey,
    connectTimeout: '10s',
  });
  return new Client({ connection, namespace: t.namespace });
}

/** The worker's own connection (native, held by the worker's core). */
export async function connectWorker(t: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect({ address: t.address, tls: await tlsOptions(t), apiKey: t.apiKey });
}

let runtimeInstalled = false;
/** The SDK's own logs (worker state, webpack output) only from warnings up, unless asked for more. */
export function installTemporalRuntime(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'WARN'): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger(level) });
}
