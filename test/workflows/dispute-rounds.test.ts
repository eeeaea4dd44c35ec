import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startYear } from '../../services/start-year';
import type { YearConfig } from '../../domain/year-config';
import { appraiseLeafUpdate, decideDisputeUpdate, finishFieldUpdate, submitExplanationUpdate, submitUpdate, unitStateQuery } from '../../workflows/messages';
import { assignFields, seedOrg } from '../support/org';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { createYear } from '../support/year';
import { tryUpdate, update } from './harness';
import { openYearConfig } from '../fixtures/open-year-config';

/**
 * A year with two dispute rounds: the council may send a leaf back for a further explanation once,
 * and the second final appraisal is recorded as round 3. With no rounds at all, asking to explain is
 * refused.
 */
const CONFIG = (disputeRounds: number): YearConfig => openYearConfig({ disputeRounds });

describe('dispute rounds', () => {
  let sys: TestSystem;
  const member1 = { actor: 'hoidong1', fields: ['1'] };
  const member2 = { actor: 'hoidong2', fields: ['2'] };

  beforeAll(async () => {
    sys = await startTestSystem();
    await seedOrg(sys.database.db, {
      groups: [{ code: 'SO_NGANH', units: ['SNV'] }],
      users: [
        { username: 'sonoivu', role: 'secretariat' },
        { username: 'hoidong1', role: 'council_member' },
        { username: 'hoidong2', role: 'council_member' },
      ],
    });
  });
  afterAll(async () => {
    await sys?.close();
  });

  async function openYear(year: number, disputeRounds: number) {
    await createYear(sys.database.db, year, { config: CONFIG(disputeRounds) });
    await assignFields(sys.database.db, year, 'hoidong1', ['1']);
    await assignFields(sys.database.db, year, 'hoidong2', ['2']);
    await startYear(sys.database.db, sys.temporal.client, sys.temporal.taskQueue, year, 'sonoivu');
    const handle = sys.temporal.client.workflow.getHandle(`par/${year}/SNV`);
    await eventually(async () => ((await handle.query(unitStateQuery)).phase === 'SELF_ASSESSMENT' ? true : undefined), 'started');
    await update(handle, submitUpdate, { actor: 'snv.thutruong' });
    await eventually(async () => ((await handle.query(unitStateQuery)).phase === 'APPRAISAL' ? true : undefined), 'round 1');
    return handle;
  }
  const phase = (handle: { query: (q: typeof unitStateQuery) => Promise<{ phase: string }> }, want: string) =>
    eventually(async () => ((await handle.query(unitStateQuery)).phase === want ? true : undefined), want);

  it('sends a leaf back for a second explanation, then decides it in round 3', async () => {
    const snv = await openYear(2023, 2);
    await update(snv, appraiseLeafUpdate, { ...member1, leafCode: '1.1.1', action: 'explain', score: 0, reason: 'Thiếu kế hoạch' });
    await update(snv, appraiseLeafUpdate, { ...member1, leafCode: '1.1.2', action: 'accept' });
    await update(snv, appraiseLeafUpdate, { ...member2, leafCode: '2.1.1', action: 'accept' });
    await update(snv, finishFieldUpdate, { ...member1, field: '1' });
    await update(snv, finishFieldUpdate, { ...member2, field: '2' });
    await phase(snv, 'DISPUTE');
    await update(snv, submitExplanationUpdate, { actor: 'snv.canbo', leafCode: '1.1.1', explanation: 'Kế hoạch đang trình ký' });
    await phase(snv, 'FINAL_APPRAISAL');
    expect((await snv.query(unitStateQuery)).round).toBe(2);
    await update(snv, decideDisputeUpdate, { ...member1, leafCode: '1.1.1', result: 'explain', reason: 'Đề nghị gửi bản đã ký' });
    await update(snv, finishFieldUpdate, { ...member1, field: '1' });

    await phase(snv, 'DISPUTE');
    const second = await snv.query(unitStateQuery);
    expect(second).toMatchObject({ disputeRound: 2, flagged: ['1.1.1'], explained: [] });
    await update(snv, submitExplanationUpdate, { actor: 'snv.canbo', leafCode: '1.1.1', explanation: 'Bản đã ký: Kế hoạch số 12/KH-SNV' });
    await phase(snv, 'FINAL_APPRAISAL');
    expect((await snv.query(unitStateQuery)).round).toBe(3);
    // No rounds are left for a third explanation.
    expect(await tryUpdate(snv, decideDisputeUpdate, { ...member1, leafCode: '1.1.1', result: 'explain', reason: 'Nữa' })).toMatchObject({ ok: false, code: 'DISPUTES_DISABLED' });
    await update(snv, decideDisputeUpdate, { ...member1, leafCode: '1.1.1', result: 'upheld' });
    await update(snv, finishFieldUpdate, { ...member1, field: '1' });
    await phase(snv, 'RANKING');

    const rows = await sys.database.db.fieldAppraisal.findMany({ where: { assessment: { workflowId: snv.workflowId } }, orderBy: [{ round: 'asc' }, { fieldCode: 'asc' }] });
    expect(rows.map((r) => [r.round, r.fieldCode, r.status])).toEqual([
      [1, '1', 'done'],
      [1, '2', 'done'],
      [2, '1', 'done'],
      [3, '1', 'done'],
    ]);
    const { id } = await sys.database.db.assessment.findUniqueOrThrow({ where: { workflowId: snv.workflowId } });
    const phases = await sys.database.db.auditEntry.findMany({ where: { action: 'phase.enter', assessmentId: id }, orderBy: { seq: 'asc' } });
    expect(phases.map((p) => (p.after as { phase: string }).phase)).toEqual(['SELF_ASSESSMENT', 'SURVEY', 'APPRAISAL', 'DISPUTE', 'FINAL_APPRAISAL', 'DISPUTE', 'FINAL_APPRAISAL', 'RANKING']);
    const leaf = await sys.database.db.leafScore.findFirstOrThrow({ where: { leafCode: '1.1.1', assessment: { workflowId: snv.workflowId } } });
    // Upheld without a score: the unit's own score, which it never entered (0).
    expect(leaf).toMatchObject({ explanation: 'Bản đã ký: Kế hoạch số 12/KH-SNV', explanationResult: 'upheld', finalScore: 0, appraisalReason: 'Đề nghị gửi bản đã ký' });
  });

  it('refuses a request to explain in a year without dispute rounds', async () => {
    const snv = await openYear(2024, 0);
    expect(await tryUpdate(snv, appraiseLeafUpdate, { ...member1, leafCode: '1.1.1', action: 'explain', reason: 'Giải trình' })).toMatchObject({ ok: false, code: 'DISPUTES_DISABLED' });
  });
});
