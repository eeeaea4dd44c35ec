/**
 * Round-trip time of the submit update (the unit head's submit: validator, then the activity that
 * locks the self-assessment in PostgreSQL and writes its audit entry), each call on a fresh unit
 * workflow, next to a bare no-op update on fresh workflows of a trivial type — both against the same
 * Temporal dev server, worker process and machine, in the same run.
 *
 * Run: npm run bench:workflow [-- calls]. Starts a dev server of its own (in memory), a database of
 * its own (dropped at the end) and an SMTP sink in this process. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../config';
import { parseCriteriaSet } from '../domain/criteria/parse';
import { leafRefs } from '../domain/leaf-refs';
import type { YearConfig } from '../domain/year-config';
import { parseDatabaseUrl, quoteIdent } from '../lib/db/database-url';
import { ensureDatabase, migrate } from '../lib/db/migrate';
import { createPrisma, type Prisma } from '../lib/db/prisma';
import { freePort } from '../dev/free-port';
import { createLogger } from '../lib/logger';
import { createMailer } from '../lib/mail/mailer';
import { installTemporalRuntime } from '../lib/temporal';
import { startDevServer } from '../dev/temporal-dev-server';
import { submitUpdate, unitStateQuery } from '../workflows/messages';
import type { UnitAssessmentInput } from '../workflows/types';
import { createWorker } from '../worker/create-worker';
import { noopUpdate, stopSignal } from './noop-workflow';
import criteriaJson from '../seed/criteria/departments-2023.sample.json';

const CALLS = Number(process.argv[2] ?? 250);
const WARMUP = 20;
const YEAR = 2023;
// Deadlines far ahead: every unit waits in self-assessment until its submit.
const CONFIG: YearConfig = {
  deadlines: { selfAssessment: '2099-03-31', surveyClose: '2099-03-31', appraisalRound1: '2099-04-15', appraisalRound2: '2099-04-30', reportToChair: '2099-05-10' },
  reminderDaysBefore: [7, 1],
  explanationWindowDays: 5,
  disputeRounds: 1,
};

function cliPath(): string {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const out = execFileSync('bash', [path.resolve(__dirname, '../scripts/ensure-temporal.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = out.split('\n').find((l) => l.startsWith('TEMPORAL_CLI_PATH='));
  if (!line) throw new Error('Không tìm thấy Temporal CLI');
  return line.slice('TEMPORAL_CLI_PATH='.length);
}

function figures(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { calls: samples.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]!, mean };
}

const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

async function timeCalls(handles: WorkflowHandle[], call: (h: WorkflowHandle, i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (const [i, handle] of handles.entries()) {
    const t0 = performance.now();
    await call(handle, i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function main(): Promise<void> {
  installTemporalRuntime();
  const config = loadConfig();
  const total = CALLS + WARMUP;
  console.log(`bench:workflow — ${CALLS} lần gọi mỗi loại (+${WARMUP} khởi động), mỗi lần trên một quy trình mới`);

  const server = await startDevServer({ cliPath: cliPath(), port: await freePort(), logLevel: 'error' });
  const serverUrl = new URL(config.databaseUrl);
  serverUrl.pathname = `/cchc_bench_wf_${Date.now()}`;
  const databaseUrl = serverUrl.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const db = createPrisma(databaseUrl, 10);
  const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, done) => stream.on('end', () => done()).resume() });
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve()));

  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const native = await NativeConnection.connect({ address: server.address });
  const mailer = createMailer({ host: '127.0.0.1', port: smtpPort, secure: false, from: 'bench@localhost' });
  const workers: Worker[] = [];
  const running: Promise<void>[] = [];
  try {
    // The year, one group and a unit per call, with the sample criteria set (75 leaves).
    const set = parseCriteriaSet(criteriaJson);
    if (!set.ok) throw new Error('Bộ tiêu chí mẫu không hợp lệ');
    await db.year.create({ data: { year: YEAR, title: 'Đo hiệu năng', status: 'running', config: CONFIG as unknown as Prisma.InputJsonValue } });
    const group = await db.unitGroup.create({ data: { code: 'SO_NGANH', name: 'Sở, ban, ngành' } });
    const criteria = await db.criteriaSet.create({
      data: { year: YEAR, groupId: group.id, title: set.value.title, sample: true, scale: set.value.scale, tree: criteriaJson as unknown as Prisma.InputJsonValue },
    });
    const leaves = leafRefs(set.value);
    const inputs: UnitAssessmentInput[] = [];
    for (let i = 0; i < total; i++) {
      const code = `DV${String(i).padStart(4, '0')}`;
      const unit = await db.unit.create({ data: { code, name: `Đơn vị ${code}`, groupId: group.id, email: `${code.toLowerCase()}@bench.example` } });
      const workflowId = `par/${YEAR}/${code}`;
      const a = await db.assessment.create({
        data: { year: YEAR, unitId: unit.id, groupId: group.id, criteriaSetId: criteria.id, workflowId, phase: 'SELF_ASSESSMENT', selfDeadline: new Date('2099-03-31T16:59:59.999Z') },
      });
      inputs.push({ year: YEAR, unitCode: code, unitGroup: group.code, assessmentId: a.id, cycleWorkflowId: `par/${YEAR}`, config: CONFIG, leaves });
    }

    const deps = { db, mailer, logger: createLogger('silent'), publicUrl: 'http://localhost:3000', secretariatEmail: 'sonoivu@localhost' };
    workers.push(await createWorker({ connection: native, namespace: 'default', taskQueue: 'bench-units', deps }));
    workers.push(await Worker.create({ connection: native, namespace: 'default', taskQueue: 'bench-noop', workflowsPath: require.resolve('./noop-workflow') }));
    for (const w of workers) running.push(w.run());

    const units = await Promise.all(inputs.map((input) => client.workflow.start('unitAssessment', { workflowId: `par/${YEAR}/${input.unitCode}`, taskQueue: 'bench-units', args: [input] })));
    const noops = await Promise.all(Array.from({ length: total }, (_, i) => client.workflow.start('benchNoop', { workflowId: `bench-noop-${i}`, taskQueue: 'bench-noop' })));
    // Every unit has recorded its phase and sent its opening notice before the clock starts.
    for (const handle of units) {
      for (;;) {
        const row = await db.mailMessage.count({ where: { key: `${handle.workflowId}/self-open`, status: 'sent' } });
        if (row && (await handle.query(unitStateQuery)).phase === 'SELF_ASSESSMENT') break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    for (const handle of noops) await handle.describe();

    // Alternate the two kinds in blocks so neither gets a quieter moment of the machine.
    const submit = (h: WorkflowHandle) => h.executeUpdate(submitUpdate, { args: [{ actor: 'bench.thutruong' }] });
    const noop = (h: WorkflowHandle) => h.executeUpdate(noopUpdate);
    await timeCalls(units.slice(0, WARMUP), submit);
    await timeCalls(noops.slice(0, WARMUP), noop);
    const submitSamples: number[] = [];
    const noopSamples: number[] = [];
    for (let from = WARMUP; from < total; from += 50) {
      submitSamples.push(...(await timeCalls(units.slice(from, from + 50), submit)));
      noopSamples.push(...(await timeCalls(noops.slice(from, from + 50), noop)));
    }

    const s = figures(submitSamples);
    const n = figures(noopSamples);
    console.log('');
    console.log('                              lần gọi      p50        p90        p99        max       trung bình');
    console.log(`cập nhật "submit"             ${String(s.calls).padStart(5)}  ${ms(s.p50)} ${ms(s.p90)} ${ms(s.p99)} ${ms(s.max)} ${ms(s.mean)}`);
    console.log(`cập nhật rỗng (no-op)         ${String(n.calls).padStart(5)}  ${ms(n.p50)} ${ms(n.p90)} ${ms(n.p99)} ${ms(n.max)} ${ms(n.mean)}`);
    console.log(`chênh lệch (hoạt động khóa hồ sơ + ghi nhật ký)     p50 ${ms(s.p50 - n.p50)}   p99 ${ms(s.p99 - n.p99)}`);
    const locked = await db.assessment.count({ where: { lockedAt: { not: null } } });
    console.log(`\nhồ sơ đã khóa: ${locked}/${total}; máy: ${os.cpus().length} nhân; Temporal dev server ${server.address} (bộ nhớ trong)`);
    for (const handle of noops) await handle.signal(stopSignal);
  } finally {
    for (const w of workers) w.shutdown();
    await Promise.allSettled(running);
    await native.close();
    await connection.close();
    mailer.close();
    await db.$disconnect();
    await server.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    const { database, maintenanceUrl } = parseDatabaseUrl(databaseUrl);
    const pg = new PgClient({ connectionString: maintenanceUrl });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    await pg.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
