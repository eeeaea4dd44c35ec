import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { WorkflowHandle } from '@temporalio/client';
import { startYear } from '../../services/start-year';
import { DAY_MS, endOfDayVn, vnDateOf } from '../../domain/calendar';
import { REFUSALS, type RefusalCode } from '../../domain/refusals';
import type { YearConfig } from '../../domain/year-config';
import { appraiseLeafUpdate, cycleStateQuery, unitStateQuery } from '../../workflows/messages';
import { assignFields, seedOrg } from '../support/org';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { createYear } from '../support/year';
import { historyLength, tryUpdate } from './harness';
import { workflowsIdle } from '../support/wait';
import { openYearConfig } from '../fixtures/open-year-config';

/**
 * Every refusable action through HTTP on the dev server (which, unlike the time-skipping server,
 * runs update validators in speculative workflow tasks): each refusal comes back as a problem
 * document with the right status, code and Vietnamese title, and the workflow's history has not
 * grown by a single event. Also: search attributes and visibility, the live state route, and a
 * retried request acting once.
 */
const YEAR = 2023;
// Far-off deadlines, but the survey has closed already: a unit goes from submit straight to round 1.
const CONFIG: YearConfig = openYearConfig();

describe('refusals through HTTP leave the history untouched (dev server)', () => {
  let sys: TestSystem;
  const t: Record<string, string> = {};
  let snv: WorkflowHandle;
  let stp: WorkflowHandle;
  const unit = (code: string) => `/api/v1/years/${YEAR}/units/${code}`;

  beforeAll(async () => {
    sys = await startTestSystem();
    const db = sys.database.db;
    await seedOrg(db, {
      groups: [{ code: 'SO_NGANH', units: ['SNV', 'STP'] }],
      users: [
        { username: 'sonoivu', role: 'secretariat' },
        { username: 'chutich', role: 'chair' },
        { username: 'hoidong1', role: 'council_member' },
        { username: 'hoidong2', role: 'council_member' },
      ],
    });
    await createYear(db, YEAR, { config: CONFIG });
    await assignFields(db, YEAR, 'hoidong1', ['1']);
    await assignFields(db, YEAR, 'hoidong2', ['2']);
    for (const u of ['sonoivu', 'chutich', 'hoidong1', 'hoidong2', 'snv.canbo', 'snv.thutruong', 'stp.thutruong']) t[u] = await sys.http.login(u);
    await startYear(db, sys.temporal.client, sys.temporal.taskQueue, YEAR, 'sonoivu');
    snv = sys.temporal.client.workflow.getHandle(`par/${YEAR}/SNV`);
    stp = sys.temporal.client.workflow.getHandle(`par/${YEAR}/STP`);
    await eventually(async () => ((await snv.query(unitStateQuery)).phase === 'SELF_ASSESSMENT' ? true : undefined), 'SNV started');
    await eventually(async () => ((await stp.query(unitStateQuery)).phase === 'SELF_ASSESSMENT' ? true : undefined), 'STP started');
  });
  afterAll(async () => {
    await sys?.close();
  });

  const post = (path: string, user: string, body: unknown = {}, headers?: Record<string, string>) => sys.http.request('POST', path, { token: t[user], body, headers });
  const ok = async (path: string, user: string, body: unknown = {}, headers?: Record<string, string>) => {
    const res = await post(path, user, body, headers);
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const phaseOf = async (handle: WorkflowHandle) => (await handle.query(unitStateQuery)).phase;
  const waitPhase = (handle: WorkflowHandle, phase: string) => eventually(async () => ((await phaseOf(handle)) === phase ? true : undefined), `${handle.workflowId} → ${phase}`);

  /** A refused workflow action: the status, code and title of domain/refusals.ts, and no new event. */
  async function refused(handle: WorkflowHandle, path: string, user: string, body: unknown, code: RefusalCode) {
    await workflowsIdle([handle]);
    const before = await historyLength(handle);
    const res = await post(path, user, body);
    expect({ path, status: res.status, code: res.body?.code, title: res.body?.title }).toEqual({ path, status: REFUSALS[code].status, code, title: REFUSALS[code].title });
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(typeof res.body.detail).toBe('string');
    expect(await historyLength(handle)).toBe(before);
    return res.body as { detail: string; [key: string]: unknown };
  }

  it('refuses what does not belong to self-assessment, then extends and takes the submit once', async () => {
    await refused(snv, `${unit('SNV')}/appraisal/leaves/1.1.1`, 'hoidong1', { action: 'accept' }, 'WRONG_PHASE');
    await refused(snv, `${unit('SNV')}/explanations/1.1.1`, 'snv.canbo', { explanation: 'Giải trình' }, 'WRONG_PHASE');
    await refused(snv, `${unit('SNV')}/appraisal/leaves/1.1.1/decision`, 'hoidong1', { result: 'upheld' }, 'WRONG_PHASE');
    await refused(snv, `${unit('SNV')}/exclusion`, 'sonoivu', { reason: 'Thiếu trung thực' }, 'NOT_SUBMITTED');
    const short = await refused(snv, `${unit('SNV')}/deadline-extensions`, 'sonoivu', { until: '2099-03-30', reason: 'Sự cố mạng' }, 'EXTENSION_TOO_SHORT');
    expect(short.detail).toContain('30/03/2099');
    const cycle = sys.temporal.client.workflow.getHandle(`par/${YEAR}`);
    await refused(cycle, `/api/v1/years/${YEAR}/approve`, 'chutich', {}, 'NOT_READY');

    const extended = await ok(`${unit('SNV')}/deadline-extensions`, 'sonoivu', { until: '2099-04-05', reason: 'Sự cố mạng nội bộ kéo dài' });
    expect(extended.body).toEqual({ unitCode: 'SNV', phase: 'SELF_ASSESSMENT', previousDeadline: '2099-03-31T16:59:59.999Z', deadline: '2099-04-05T16:59:59.999Z' });
    // The PhaseDeadline search attribute follows the extension (visibility is eventually consistent).
    await eventually(async () => {
      const ids: string[] = [];
      for await (const w of sys.temporal.client.workflow.list({ query: `PhaseDeadline = "${new Date(endOfDayVn('2099-04-05')).toISOString()}" AND UnitCode = "SNV"` })) ids.push(w.workflowId);
      return ids.length === 1 ? ids : undefined;
    }, 'SNV found by its new PhaseDeadline');

    for (const [leaf, score] of [['1.1.1', 3], ['1.1.2', 2], ['2.1.1', 3]] as const) {
      expect((await sys.http.request('PUT', `${unit('SNV')}/leaves/${leaf}`, { token: t['snv.canbo'], body: { selfScore: score } })).status).toBe(200);
    }
    const key = { 'Idempotency-Key': 'nop-ho-so-snv-0001' };
    const first = await ok(`${unit('SNV')}/submit`, 'snv.thutruong', {}, key);
    const retry = await ok(`${unit('SNV')}/submit`, 'snv.thutruong', {}, key);
    expect(retry.body).toEqual(first.body);
    expect(await sys.database.db.auditEntry.count({ where: { action: 'self.submitted' } })).toBe(1);
    await refused(snv, `${unit('SNV')}/submit`, 'snv.thutruong', {}, 'ALREADY_SUBMITTED');
    await ok(`${unit('STP')}/submit`, 'stp.thutruong');
    await waitPhase(snv, 'APPRAISAL');
    await waitPhase(stp, 'APPRAISAL');
  });

  it('refuses appraisals outside the rules in round 1', async () => {
    const leaf = (code: string) => `${unit('SNV')}/appraisal/leaves/${code}`;
    // The tiered leaf 1.1.1 allows 3, 1.5 or 0: the API checks the rule and lists them.
    const notAllowed = await refused(snv, leaf('1.1.1'), 'hoidong1', { action: 'adjust', score: 2, reason: 'Chậm' }, 'SCORE_NOT_ALLOWED');
    expect(notAllowed.allowed).toEqual([3, 1.5, 0]);
    expect(notAllowed.detail).toContain('các mức được phép');
    await refused(snv, leaf('1.1.1'), 'hoidong1', { action: 'adjust', score: 5, reason: 'Quá' }, 'SCORE_NOT_ALLOWED');
    // Beneath the API, the workflow itself refuses a score outside 0…max (it knows each leaf's maximum).
    const before = await historyLength(snv);
    const outOfRange = await tryUpdate(snv, appraiseLeafUpdate, { actor: 'hoidong1', leafCode: '1.1.1', action: 'adjust', score: 500, reason: 'Quá', fields: ['1'] });
    expect(outOfRange).toMatchObject({ ok: false, code: 'SCORE_OUT_OF_RANGE', message: 'Điểm thẩm định của tiêu chí 1.1.1 phải từ 0 đến 3,00 điểm.' });
    expect(await historyLength(snv)).toBe(before);
    await refused(snv, leaf('2.1.2'), 'hoidong2', { action: 'accept' }, 'LEAF_NOT_APPRAISABLE');
    await refused(snv, leaf('1.9.9'), 'hoidong1', { action: 'accept' }, 'UNKNOWN_LEAF');
    await refused(snv, `${unit('SNV')}/appraisal/fields/1/done`, 'hoidong1', {}, 'FIELD_INCOMPLETE');
    // A member reaches only the fields assigned to them (the API says so before any update).
    expect((await post(leaf('2.1.1'), 'hoidong1', { action: 'accept' })).status).toBe(403);

    await ok(leaf('1.1.1'), 'hoidong1', { action: 'explain', reason: 'Đề nghị cung cấp kế hoạch CCHC năm đã ban hành' });
    await ok(leaf('1.1.2'), 'hoidong1', { action: 'accept' });
    await ok(`${unit('SNV')}/appraisal/fields/1/done`, 'hoidong1');
    await refused(snv, leaf('1.1.2'), 'hoidong1', { action: 'adjust', score: 0, reason: 'Xem lại' }, 'FIELD_ALREADY_DONE');
    await refused(snv, `${unit('SNV')}/appraisal/fields/1/done`, 'hoidong1', {}, 'FIELD_ALREADY_DONE');
    await ok(leaf('2.1.1'), 'hoidong2', { action: 'accept' });
    await ok(`${unit('SNV')}/appraisal/fields/2/done`, 'hoidong2');
    for (const [code, member] of [['1.1.1', 'hoidong1'], ['1.1.2', 'hoidong1'], ['2.1.1', 'hoidong2']] as const) {
      await ok(`${unit('STP')}/appraisal/leaves/${code}`, member, { action: 'accept' });
    }
    await ok(`${unit('STP')}/appraisal/fields/1/done`, 'hoidong1');
    await ok(`${unit('STP')}/appraisal/fields/2/done`, 'hoidong2');
    await waitPhase(snv, 'DISPUTE');
    await waitPhase(stp, 'RANKING');
    const row = await sys.database.db.leafScore.findFirstOrThrow({ where: { leafCode: '1.1.1', assessment: { workflowId: snv.workflowId } } });
    // Asked to explain without a provisional score: the unit's own score stands meanwhile.
    expect(row).toMatchObject({ appraisalAction: 'explain', appraisedScore: 300 });
  });

  it('refuses explanations and decisions out of turn, and acts once on a retried explanation', async () => {
    await refused(snv, `${unit('SNV')}/explanations/1.1.2`, 'snv.canbo', { explanation: 'Không được hỏi' }, 'LEAF_NOT_FLAGGED');
    await refused(snv, `${unit('SNV')}/appraisal/leaves/1.1.1/decision`, 'hoidong1', { result: 'upheld' }, 'WRONG_PHASE');
    expect((await post(`${unit('SNV')}/explanations/1.1.1`, 'stp.thutruong', { explanation: 'Đơn vị khác' })).status).toBe(403);

    const live = await sys.http.request('GET', `${unit('SNV')}/workflow`, { token: t['snv.canbo'] });
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ unitCode: 'SNV', phase: 'DISPUTE', disputeRound: 1, flags: { flagged: ['1.1.1'], explained: [], late: false, extensions: 1 } });
    const window = Date.parse(live.body.deadlines.explanation);
    expect(live.body.phaseDeadline).toBe(live.body.deadlines.explanation);
    expect((await sys.http.request('GET', `${unit('STP')}/workflow`, { token: t['snv.canbo'] })).status).toBe(403);

    // Sở Nội vụ extends the window; the unit explains, and a retry of the same request acts once.
    const until = vnDateOf(window + 3 * DAY_MS);
    await ok(`${unit('SNV')}/deadline-extensions`, 'sonoivu', { until, reason: 'Đơn vị xin thêm thời gian thu thập minh chứng' });
    expect((await snv.query(unitStateQuery)).deadlines.explanation).toBe(endOfDayVn(until));
    const key = { 'Idempotency-Key': 'giai-trinh-snv-111' };
    const body = { explanation: 'Kế hoạch số 12/KH-SNV ban hành ngày 05/01/2023 (đính kèm).' };
    await ok(`${unit('SNV')}/explanations/1.1.1`, 'snv.canbo', body, key);
    await ok(`${unit('SNV')}/explanations/1.1.1`, 'snv.canbo', body, key);
    expect(await sys.database.db.auditEntry.count({ where: { action: 'dispute.explanation' } })).toBe(1);
    await waitPhase(snv, 'FINAL_APPRAISAL');
  });

  it('refuses round 2 decisions outside the rules', async () => {
    const decision = (code: string) => `${unit('SNV')}/appraisal/leaves/${code}/decision`;
    await refused(snv, decision('1.1.2'), 'hoidong1', { result: 'rejected', reason: 'Không' }, 'LEAF_NOT_FLAGGED');
    const rule = await refused(snv, decision('1.1.1'), 'hoidong1', { result: 'upheld', score: 2, reason: 'Chậm' }, 'SCORE_NOT_ALLOWED');
    expect(rule.allowed).toEqual([3, 1.5, 0]);
    await refused(snv, decision('1.1.1'), 'hoidong1', { result: 'explain', reason: 'Giải trình thêm' }, 'DISPUTES_DISABLED');
    await refused(snv, `${unit('SNV')}/appraisal/fields/1/done`, 'hoidong1', {}, 'FIELD_INCOMPLETE');
    // Rejecting takes no score: the body is refused by its schema, before any update.
    expect((await post(decision('1.1.1'), 'hoidong1', { result: 'rejected', score: 1.5, reason: 'x' })).status).toBe(422);

    await ok(decision('1.1.1'), 'hoidong1', { result: 'upheld', score: 1.5, reason: 'Kế hoạch ban hành chậm 20 ngày' });
    await ok(`${unit('SNV')}/appraisal/fields/1/done`, 'hoidong1');
    await waitPhase(snv, 'RANKING');
    const row = await sys.database.db.leafScore.findFirstOrThrow({ where: { leafCode: '1.1.1', assessment: { workflowId: snv.workflowId } } });
    expect(row).toMatchObject({ explanationResult: 'upheld', finalScore: 150, finalReason: 'Kế hoạch ban hành chậm 20 ngày' });
  });

  it('refuses exclusion and extension where they do not apply; visibility finds units by phase and group', async () => {
    await refused(snv, `${unit('SNV')}/deadline-extensions`, 'sonoivu', { until: '2099-06-01', reason: 'Thử' }, 'NOT_EXTENDABLE');
    expect((await post(`${unit('STP')}/exclusion`, 'sonoivu', { reason: '  ' })).status).toBe(422);
    await ok(`${unit('STP')}/exclusion`, 'sonoivu', { reason: 'Số liệu thống kê tiêu chí 2.1.1 không trung thực' });
    await waitPhase(stp, 'EXCLUDED');
    await refused(stp, `${unit('STP')}/exclusion`, 'sonoivu', { reason: 'Lần hai' }, 'ALREADY_EXCLUDED');
    await refused(stp, `${unit('STP')}/appraisal/leaves/1.1.1`, 'hoidong1', { action: 'accept' }, 'ALREADY_EXCLUDED');

    const list = async (query: string) => {
      const ids: string[] = [];
      for await (const w of sys.temporal.client.workflow.list({ query })) ids.push(w.workflowId);
      return ids.sort();
    };
    await eventually(async () => ((await list('Phase = "EXCLUDED" AND `Year` = 2023')).join() === 'par/2023/STP' ? true : undefined), 'STP listed as excluded');
    await eventually(async () => ((await list('Phase = "RANKING" AND UnitGroup = "SO_NGANH"')).join() === 'par/2023/SNV' ? true : undefined), 'SNV listed in ranking');

    const cycle = sys.temporal.client.workflow.getHandle(`par/${YEAR}`);
    await eventually(async () => ((await cycle.query(cycleStateQuery)).status === 'council_review' ? true : undefined), 'council review');
    await ok(`/api/v1/years/${YEAR}/approve`, 'chutich');
    await waitPhase(snv, 'PUBLISHED');
    // The workflow's phase moves before its activity records it in PostgreSQL.
    const rows = await eventually(async () => {
      const all = await sys.database.db.assessment.findMany({ include: { unit: true }, orderBy: { unit: { code: 'asc' } } });
      return all.every((r) => r.phase === 'PUBLISHED' || r.phase === 'EXCLUDED') ? all : undefined;
    }, 'SNV published in PostgreSQL');
    // SNV: 1.5 (round 2) + 2 + 3 of 8 = 81.25 %, rank 1; STP excluded, unranked, its score kept.
    expect(rows.map((r) => [r.unit.code, r.phase, r.rank, r.indexPct, r.excluded])).toEqual([
      ['SNV', 'PUBLISHED', 1, 8125, false],
      ['STP', 'EXCLUDED', null, 0, true],
    ]);
  });
});
