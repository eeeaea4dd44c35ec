import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Gauge } from 'prom-client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { Config } from '../config';
import { addMetricsSource, metricsRegistry } from './metrics';

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
/**
 * The SDK's own logs (worker state, webpack output) only from warnings up, unless asked for more.
 * With `metricsAddress` (host:port) the SDK's core also exports its worker metrics there in
 * Prometheus format (task latencies, slots, pollers, sticky cache, activity failures); the process
 * appends them to its own /metrics.
 */
export function installTemporalRuntime(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'WARN', metricsAddress?: string): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger(level),
    ...(metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
            },
          },
        }
      : {}),
  });
  if (metricsAddress) addMetricsSource(`http://${metricsAddress}/metrics`);
}

/** The configured address for the SDK's metrics exporter, or a loopback port free right now. */
export async function temporalMetricsAddress(configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  return `127.0.0.1:${port}`;
}

let backlogGauge = false;
/**
 * `cchc_task_queue_backlog`: tasks waiting in the task queue for a worker (Temporal's approximate
 * count, asked at scrape time), by workflow and activity tasks — the queue depth to watch.
 */
export function watchTaskQueueBacklog(client: Client, taskQueue: string): void {
  if (backlogGauge) return;
  backlogGauge = true;
  const types = { workflow: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, activity: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY };
  new Gauge({
    name: 'cchc_task_queue_backlog',
    help: 'Approximate number of tasks waiting in the task queue for a worker, by task type',
    labelNames: ['task_queue', 'type'] as const,
    registers: [metricsRegistry],
    async collect() {
      for (const [type, taskQueueType] of Object.entries(types)) {
        try {
          const response = await client.workflowService.describeTaskQueue(
            { namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType, reportStats: true },
          );
          this.set({ task_queue: taskQueue, type }, Number(response.stats?.approximateBacklogCount ?? 0));
        } catch {
          this.remove({ task_queue: taskQueue, type });
        }
      }
    },
  });
}
