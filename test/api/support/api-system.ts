import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../../api/app';
import type { ApiDeps } from '../../../api/deps';
import { createLogger } from '../../../lib/logger';
import { httpClient, startTestSystem, type HttpClient, type TestSystem } from '../../support/system';

/**
 * The whole system (test/support/system.ts) plus the API as these tests want it: responses checked
 * against the OpenAPI document and evidence in a directory of its own with a small size limit.
 */
export interface ApiSystem {
  sys: TestSystem;
  app: Express;
  baseUrl: string;
  http: HttpClient;
  evidenceDir: string;
  evidenceMaxBytes: number;
  /** Another app over the same database and Temporal, with other options (e.g. a tight login limit). */
  startApp(overrides: Partial<ApiDeps>): Promise<{ app: Express; baseUrl: string; http: HttpClient }>;
  close(): Promise<void>;
}

export const EVIDENCE_MAX_BYTES = 256 * 1024;

export async function startApiSystem(): Promise<ApiSystem> {
  const sys = await startTestSystem();
  const evidenceDir = await mkdtemp(path.join(tmpdir(), 'cchc-evidence-'));
  const servers: Server[] = [];
  const base: ApiDeps = {
    db: sys.database.db,
    temporal: sys.temporal.client,
    config: { ...sys.config, evidence: { dir: evidenceDir, maxBytes: EVIDENCE_MAX_BYTES } },
    logger: createLogger(process.env.API_TEST_LOG_LEVEL ?? 'silent'),
    checkResponses: true,
  };
  const startApp = async (overrides: Partial<ApiDeps>) => {
    const app = createApp({ ...base, ...overrides });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { app, baseUrl, http: httpClient(baseUrl) };
  };
  const main = await startApp({});
  return {
    sys,
    ...main,
    evidenceDir,
    evidenceMaxBytes: EVIDENCE_MAX_BYTES,
    startApp,
    async close() {
      for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
      await sys.close();
      await rm(evidenceDir, { recursive: true, force: true });
    },
  };
}
