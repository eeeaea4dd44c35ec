/**
 * Benchmark of the API's two hottest paths — a unit officer saving a draft (PUT …/leaves/:leafCode)
 * and Sở Nội vụ's status board (GET …/status) — at a stated concurrency, next to a bare Express
 * route doing one pg INSERT, measured in the same run against the same PostgreSQL, so the figures
 * say what the app adds (session lookup, validation, the leaf's rule, row lock, audit chain).
 *
 * Run: npm run bench:api [-- units concurrency requests]. Uses a database of its own (dropped at the
 * end) and no Temporal server (neither path calls it). Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import express from 'express';
import { Client as PgClient, Pool } from 'pg';
import { createApp } from '../api/app';
import { hashPassword } from '../api/auth/password';
import { createSession } from '../api/auth/sessions';
import { parseCriteriaSet } from '../domain/criteria/parse';
import { isLeaf, type CriteriaNode, type LeafNode } from '../domain/criteria/types';
import { defaultYearConfig } from '../domain/year-config';
import { loadConfig } from '../config';
import { parseDatabaseUrl, quoteIdent } from '../lib/db/database-url';
import { ensureDatabase, migrate } from '../lib/db/migrate';
import { createPrisma, type Prisma } from '../lib/db/prisma';
import { createLogger } from '../lib/logger';

const UNITS = Number(process.argv[2] ?? 200);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const REQUESTS = Number(process.argv[4] ?? 2000);
const WARMUP = Math.min(200, Math.ceil(REQUESTS / 10));
const YEAR = 2023;

interface Figures {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: URL, method: string, route: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: route, method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `total` requests from `concurrency` clients in a closed loop; request i is built by `make(i)`. */
async function load(name: string, base: URL, total: number, make: (i: number) => { method: string; route: string; headers: Record<string, string>; body?: string }, expect: number): Promise<Figures> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const r = make(i);
      const t0 = performance.now();
      const status = await send(base, r.method, r.route, r.headers, r.body);
      latencies.push(performance.now() - t0);
      if (status !== expect) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, requests: total, errors, seconds, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies[latencies.length - 1]! };
}

function listen(app: express.Express): Promise<{ server: Server; base: URL }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, base: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) }));
  });
}

const leavesOf = (nodes: readonly CriteriaNode[]): LeafNode[] => nodes.flatMap((n) => (isLeaf(n) ? [n] : leavesOf(n.children)));

async function main(): Promise<void> {
  const config = loadConfig();
  const serverUrl = new URL(config.databaseUrl);
  serverUrl.pathname = `/cchc_bench_${Date.now()}`;
  const databaseUrl = serverUrl.toString();
  const { database, maintenanceUrl } = parseDatabaseUrl(databaseUrl);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const db = createPrisma(databaseUrl, 10);
  const servers: Server[] = [];
  try {
    // ---------------------------------------------------------------------------------- the data
    const setJson = JSON.parse(readFileSync(path.resolve(__dirname, '../seed/criteria/departments-2023.sample.json'), 'utf8'));
    const parsed = parseCriteriaSet(setJson);
    if (!parsed.ok) throw new Error('bộ tiêu chí mẫu không hợp lệ');
    const tiered = leavesOf(parsed.value.nodes).filter((l): l is Extract<LeafNode, { kind: 'tiered' }> => l.kind === 'tiered' && l.scoredBy === 'self');
    const selfLeaves = leavesOf(parsed.value.nodes).filter((l) => l.scoredBy === 'self' && l.kind !== 'bonus' && l.kind !== 'penalty');

    const group = await db.unitGroup.create({ data: { code: 'SO_NGANH', name: 'Các sở, ban, ngành' } });
    await db.year.create({ data: { year: YEAR, title: 'Đo hiệu năng', status: 'running', config: defaultYearConfig(YEAR) as unknown as Prisma.InputJsonValue } });
    const set = await db.criteriaSet.create({ data: { year: YEAR, groupId: group.id, title: parsed.value.title, scale: parsed.value.scale, sample: true, tree: setJson } });
    const passwordHash = await hashPassword('Mật khẩu đo hiệu năng');
    const selfDeadline = new Date('2099-03-31T16:59:59.999Z');
    const units: { code: string; id: string; assessmentId: string }[] = [];
    for (let i = 0; i < UNITS; i++) {
      const code = `DV${String(i + 1).padStart(4, '0')}`;
      const unit = await db.unit.create({ data: { code, name: `Đơn vị ${i + 1}`, groupId: group.id } });
      const a = await db.assessment.create({
        data: { year: YEAR, unitId: unit.id, groupId: group.id, criteriaSetId: set.id, workflowId: `par/${YEAR}/${code}`, phase: 'SELF_ASSESSMENT', phaseDeadline: selfDeadline, selfDeadline },
      });
      units.push({ code, id: unit.id, assessmentId: a.id });
      // Every unit half-way through its self-scoring, so the board has rows to aggregate.
      await db.leafScore.createMany({
        data: selfLeaves.filter((_, j) => (i + j) % 2 === 0).map((l) => ({ assessmentId: a.id, leafCode: l.code, selfScore: 0, selfInput: { points: 0 }, updatedBy: 'bench' })),
      });
    }
    const admin = await db.user.create({ data: { username: 'sonoivu', fullName: 'Sở Nội vụ', role: 'secretariat', passwordHash } });
    const adminToken = (await createSession(db, admin.id, 600)).token;
    // One officer per concurrent client, each in a unit of their own: contention is the app's, not the data's.
    const officers: { unit: string; token: string }[] = [];
    for (let c = 0; c < CONCURRENCY; c++) {
      const unit = units[c % units.length]!;
      const user = await db.user.create({ data: { username: `canbo${c}`, fullName: `Cán bộ ${c}`, role: 'unit_officer', unitId: unit.id, passwordHash } });
      officers.push({ unit: unit.code, token: (await createSession(db, user.id, 600)).token });
    }

    // --------------------------------------------------------------------------------- the apps
    const temporal = new TemporalClient({ connection: Connection.lazy({ address: config.temporal.address }), namespace: config.temporal.namespace });
    const app = createApp({ db, temporal, config: { ...config, databaseUrl }, logger: createLogger('silent') });
    const api = await listen(app);
    servers.push(api.server);

    const pool = new Pool({ connectionString: databaseUrl, max: 10 });
    await pool.query('CREATE TABLE bench_bare (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
    const bare = express();
    bare.use(express.json());
    bare.post('/insert', async (req, res) => {
      await pool.query('INSERT INTO bench_bare (payload) VALUES ($1)', [req.body]);
      res.status(201).json({ ok: true });
    });
    const bareServer = await listen(bare);
    servers.push(bareServer.server);

    // ------------------------------------------------------------------------------ the scenarios
    const draft = (i: number) => {
      const officer = officers[i % officers.length]!;
      const leaf = tiered[Math.floor(i / officers.length) % tiered.length]!;
      const level = leaf.levels[i % leaf.levels.length]!;
      return {
        method: 'PUT',
        route: `/api/v1/years/${YEAR}/units/${officer.unit}/leaves/${leaf.code}`,
        headers: { authorization: `Bearer ${officer.token}` },
        body: JSON.stringify({ entry: { points: level.points / 100 }, note: `Lần lưu ${i}` }),
      };
    };
    const boardReq = () => ({ method: 'GET', route: `/api/v1/years/${YEAR}/status`, headers: { authorization: `Bearer ${adminToken}` } });
    const bareReq = (i: number) => ({ method: 'POST', route: '/insert', headers: {}, body: JSON.stringify({ leafCode: '1.1.1', points: 0.5, note: `Lần lưu ${i}` }) });

    await load('warm-up', bareServer.base, WARMUP, bareReq, 201);
    await load('warm-up', api.base, WARMUP, draft, 200);
    await load('warm-up', api.base, Math.ceil(WARMUP / 4), boardReq, 200);
    const results = [
      await load('bare Express + pg INSERT', bareServer.base, REQUESTS, bareReq, 201),
      await load('draft save (PUT …/leaves/:leafCode)', api.base, REQUESTS, draft, 200),
      await load(`status board (GET …/status, ${Math.min(UNITS, 100)} of ${UNITS} units)`, api.base, Math.max(200, Math.floor(REQUESTS / 4)), boardReq, 200),
    ];
    await pool.end();

    const audit = await db.auditEntry.count();
    console.log(`\nChỉ số CCHC — API benchmark: ${UNITS} units × ${selfLeaves.length} self-scored leaves, concurrency ${CONCURRENCY}, keep-alive HTTP on loopback`);
    console.log(`PostgreSQL ${(await db.$queryRaw<{ v: string }[]>`SELECT current_setting('server_version') AS v`)[0]!.v}, Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs (shared)\n`);
    const pad = (s: string, n: number) => s.padEnd(n);
    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);
    console.log(`${pad('scenario', 52)}${'requests'.padStart(9)}${'errors'.padStart(7)}${'req/s'.padStart(9)}${'p50'.padStart(10)}${'p90'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`);
    for (const r of results) {
      console.log(`${pad(r.name, 52)}${String(r.requests).padStart(9)}${String(r.errors).padStart(7)}${(r.requests / r.seconds).toFixed(0).padStart(9)}${ms(r.p50)}${ms(r.p90)}${ms(r.p99)}${ms(r.max)}`);
    }
    console.log(`\naudit entries written and chained: ${audit}`);
  } finally {
    for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
    agent.destroy();
    await db.$disconnect();
    const client = new PgClient({ connectionString: maintenanceUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
