import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { startYear } from '../../services/start-year';
import type { YearConfig } from '../../domain/year-config';
import { appraiseLeafUpdate, finishFieldUpdate, submitUpdate, unitStateQuery } from '../../workflows/messages';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { assignFields, seedOrg } from '../support/org';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { eventually } from '../support/system';
import { createTestTemporal, createTestWorker, type TestTemporal } from '../support/temporal';
import { createYear } from '../support/year';
import { update } from './harness';
import { waitFor, workflowsIdle } from '../support/wait';
import { openYearConfig } from '../fixtures/open-year-config';

/**
 * The worker stops mid-year and a new one starts, on the dev server (a real server hands a stopped
 * worker's workflows to the next one): a submit sent while no worker runs is applied once the new
 * one starts, and appraisals still being recorded when the worker stops are neither lost nor
 * recorded twice — no audit entry, projection row or mail is repeated.
 */
const YEAR = 2023;
const CONFIG: YearConfig = openYearConfig();

describe('worker stopped mid-year and started again (dev server)', () => {
  let database: TestDatabase;
  let temporal: TestTemporal;
  let smtp: TestSmtp;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let snv: WorkflowHandle;

  const startWorker = async () => {
    worker = await createTestWorker({ temporal, db: database.db, smtpPort: smtp.port });
    running = worker.run();
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await running;
    worker = undefined;
  };
  const phase = async () => (await snv.query(unitStateQuery)).phase;

  beforeAll(async () => {
    database = await createTestDatabase();
    temporal = await createTestTemporal();
    smtp = await startTestSmtp();
    await seedOrg(database.db, { groups: [{ code: 'SO_NGANH', units: ['SNV'] }], users: [{ username: 'hoidong1', role: 'council_member' }] });
    await createYear(database.db, YEAR, { config: CONFIG });
    await assignFields(database.db, YEAR, 'hoidong1', ['1', '2']);
    await startWorker();
    await startYear(database.db, temporal.client, temporal.taskQueue, YEAR, 'sonoivu');
    snv = temporal.client.workflow.getHandle(`par/${YEAR}/SNV`);
    await eventually(async () => ((await phase()) === 'SELF_ASSESSMENT' ? true : undefined), 'SNV started');
  });
  afterAll(async () => {
    await stopWorker();
    await smtp?.close();
    await temporal?.close();
    await database?.drop();
  });

  it('applies a submit sent while no worker runs, once, when a new worker starts', async () => {
    await workflowsIdle([snv]);
    await stopWorker();
    const pending = snv.executeUpdate(submitUpdate, { args: [{ actor: 'snv.thutruong' }], updateId: 'submit-during-outage' });
    // The server holds the submit in a workflow task that no worker can take; nothing is applied meanwhile.
    await waitFor('the submit waiting at the server for a worker', async () => ((await snv.describe()).raw.pendingWorkflowTask ? true : undefined));
    expect(await database.db.assessment.count({ where: { lockedAt: { not: null } } })).toBe(0);
    await startWorker();
    const result = await pending;
    expect(result.late).toBe(false);
    // The client retrying the same update id gets the same answer and nothing runs again.
    expect(await snv.executeUpdate(submitUpdate, { args: [{ actor: 'snv.thutruong' }], updateId: 'submit-during-outage' })).toEqual(result);
    await eventually(async () => ((await phase()) === 'APPRAISAL' ? true : undefined), 'SNV in round 1');
    expect(await database.db.auditEntry.count({ where: { action: 'self.submitted' } })).toBe(1);
  });

  it('neither loses nor repeats appraisals in flight when the worker stops', async () => {
    const member = { actor: 'hoidong1', fields: ['1', '2'] };
    const inFlight = ['1.1.1', '1.1.2', '2.1.1'].map((leafCode, i) =>
      snv.startUpdate(appraiseLeafUpdate, { args: [{ ...member, leafCode, action: 'accept' }], updateId: `appraise-${i}`, waitForStage: WorkflowUpdateStage.ACCEPTED }),
    );
    // The worker stops as soon as the workflow has taken up the first appraisal, the others still on their way.
    await Promise.race(inFlight);
    await stopWorker();
    await startWorker();
    await Promise.all((await Promise.all(inFlight)).map((handle) => handle.result()));
    await update(snv, finishFieldUpdate, { ...member, field: '1' });
    await update(snv, finishFieldUpdate, { ...member, field: '2' });
    await eventually(async () => ((await phase()) === 'RANKING' ? true : undefined), 'SNV waiting for the council');
    await workflowsIdle([snv]);

    const db = database.db;
    expect(await db.auditEntry.count({ where: { action: 'appraisal.round1.accept' } })).toBe(3);
    expect(await db.auditEntry.count({ where: { action: 'appraisal.round1.field-done' } })).toBe(2);
    const phases = await db.auditEntry.findMany({ where: { action: 'phase.enter' }, orderBy: { seq: 'asc' } });
    expect(phases.map((p) => (p.after as { phase: string }).phase)).toEqual(['SELF_ASSESSMENT', 'SURVEY', 'APPRAISAL', 'RANKING']);
    expect((await db.leafScore.findMany({ where: { appraisalAction: 'accept' } })).length).toBe(3);
    const rows = await db.fieldAppraisal.findMany({ orderBy: { fieldCode: 'asc' } });
    expect(rows.map((r) => [r.fieldCode, r.round, r.status])).toEqual([
      ['1', 1, 'done'],
      ['2', 1, 'done'],
    ]);
    // Every notice went out once: opening, submitted, round 1 open, final result, and the cycle's call
    // for the chair's approval.
    await smtp.waitFor((m) => m.length >= 5);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual([
      '[Chỉ số CCHC 2023] Kết quả thẩm định đã đủ, chờ Chủ tịch Hội đồng phê duyệt',
      '[Chỉ số CCHC 2023] Mở tự đánh giá, chấm điểm Chỉ số CCHC của Đơn vị SNV',
      '[Chỉ số CCHC 2023] Thẩm định hồ sơ của Đơn vị SNV',
      '[Chỉ số CCHC 2023] Đơn vị SNV đã có kết quả thẩm định chính thức',
      '[Chỉ số CCHC 2023] Đơn vị SNV đã nộp hồ sơ tự đánh giá',
    ]);
  });
});
