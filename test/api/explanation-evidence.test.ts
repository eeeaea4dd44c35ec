import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/system';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { uploadEvidence } from './support/evidence';
import { PDF } from './support/files';
import { loginAll, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';

/**
 * A unit explains a cut leaf with supplementary evidence (tài liệu bổ sung) and round 2 restores the
 * score, all through HTTP: the file goes through the ordinary upload route, only to the leaf the
 * council asked about and only while the window is open, is marked supplementary for the round 2
 * appraiser, and cannot change once the window closes. The timeline reads every step before → after.
 */
describe('supplementary evidence in the explanation window, and appraisals before → after', () => {
  let api: ApiSystem;
  let t: Record<string, string>;
  const unit = `/api/v1/years/${YEAR}/units/${OWN_UNIT}`;

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    t = await loginAll(api.http);
    await startScenarioYear(api.sys.database.db, api.http, t.sonoivu!);
  });
  afterAll(async () => {
    await api?.close();
  });

  const call = async (method: string, path: string, user: string, body?: unknown) => api.http.request(method, path, { token: t[user], ...(body !== undefined ? { body } : {}) });
  const ok = async (method: string, path: string, user: string, body?: unknown) => {
    const res = await call(method, path, user, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const upload = (leaf: string, name: string) => uploadEvidence(api.http, t['snv.canbo']!, `${unit}/leaves/${leaf}/evidence`, { name, data: PDF });
  const phase = (expected: string) =>
    eventually(async () => {
      const a = await api.sys.database.db.assessment.findFirst({ where: { year: YEAR, unit: { code: OWN_UNIT } } });
      return a?.phase === expected ? a : undefined;
    }, `${OWN_UNIT} in ${expected}`);

  it('takes supplementary files only for the leaf asked about, only in the window, and round 2 restores the score', async () => {
    for (const [leaf, score] of [['1.1.1', 3], ['1.1.2', 2], ['2.1.1', 3]] as const) await ok('PUT', `${unit}/leaves/${leaf}`, 'snv.canbo', { selfScore: score });
    const original = await upload('1.1.1', 'ke-hoach-cchc.pdf');
    expect(original.status).toBe(201);
    expect(original.body).toMatchObject({ supplementary: false, disputeRound: null });
    await ok('POST', `${unit}/submit`, 'snv.thutruong', {});
    await phase('APPRAISAL');

    await ok('POST', `${unit}/appraisal/leaves/1.1.1`, 'hoidong1', { action: 'explain', score: 1.5, reason: 'Thiếu quyết định ban hành kế hoạch' });
    await ok('POST', `${unit}/appraisal/leaves/1.1.2`, 'hoidong1', { action: 'accept' });
    await ok('POST', `${unit}/appraisal/fields/1/done`, 'hoidong1', {});
    await ok('POST', `${unit}/appraisal/leaves/2.1.1`, 'hoidong2', { action: 'adjust', score: 1.5, reason: 'Tỷ lệ hoàn thành thấp hơn báo cáo' });
    await ok('POST', `${unit}/appraisal/fields/2/done`, 'hoidong2', {});
    await phase('DISPUTE');

    // Only the leaf asked about takes files now; ordinary evidence stays as submitted.
    const elsewhere = await upload('1.1.2', 'bo-sung.pdf');
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toMatchObject({ code: 'EVIDENCE_LOCKED' });
    expect(elsewhere.body.detail).toContain('1.1.2');
    expect((await call('DELETE', `${unit}/evidence/${original.body.id}`, 'snv.canbo')).status).toBe(409);
    const wrong = await upload('1.1.1', 'nham-tep.pdf');
    const added = await upload('1.1.1', 'quyet-dinh-ban-hanh.pdf');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ leafCode: '1.1.1', supplementary: true, disputeRound: 1, uploadedBy: 'snv.canbo' });
    // A supplementary file can be taken back while the window is open.
    expect((await call('DELETE', `${unit}/evidence/${wrong.body.id}`, 'snv.canbo')).status).toBe(204);

    await ok('POST', `${unit}/explanations/1.1.1`, 'snv.canbo', { explanation: 'Kế hoạch ban hành kèm quyết định số 12/QĐ-SNV, bổ sung kèm theo.' });
    // Every flagged leaf is explained: the window ends, and with it any change to the files.
    await phase('FINAL_APPRAISAL');
    const late = await upload('1.1.1', 'qua-han.pdf');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('EVIDENCE_LOCKED');
    expect((await call('DELETE', `${unit}/evidence/${added.body.id}`, 'snv.canbo')).status).toBe(409);

    // The round 2 appraiser sees the supplementary file marked as such.
    const files = await ok('GET', `${unit}/leaves/1.1.1/evidence`, 'hoidong1');
    expect(files.body.items.map((f: { originalName: string; supplementary: boolean }) => [f.originalName, f.supplementary])).toEqual([
      ['ke-hoach-cchc.pdf', false],
      ['quyet-dinh-ban-hanh.pdf', true],
    ]);
    await ok('POST', `${unit}/appraisal/leaves/1.1.1/decision`, 'hoidong1', { result: 'upheld', reason: 'Quyết định bổ sung chứng minh kế hoạch ban hành đúng hạn' });
    await ok('POST', `${unit}/appraisal/fields/1/done`, 'hoidong1', {});
    await phase('RANKING');
    const leaf = await api.sys.database.db.leafScore.findFirst({ where: { leafCode: '1.1.1', assessment: { year: YEAR, unit: { code: OWN_UNIT } } } });
    expect({ appraised: leaf?.appraisedScore, final: leaf?.finalScore, result: leaf?.explanationResult }).toEqual({ appraised: 150, final: 300, result: 'upheld' });
  });

  it('tells the story on the timeline, each score before → after', async () => {
    const res = await ok('GET', `${unit}/timeline?order=asc&pageSize=500`, 'snv.canbo');
    type Entry = { action: string; target: string | null; actor: string; change: string | null };
    const steps = (res.body.items as Entry[]).filter((e) => /^(appraisal|dispute|evidence)\./.test(e.action)).map((e) => [e.action, e.target, e.actor, e.change]);
    expect(steps).toEqual([
      ['evidence.upload', '1.1.1', 'snv.canbo', null],
      ['appraisal.round1.explain', '1.1.1', 'hoidong1', '3,00 → 1,50: Thiếu quyết định ban hành kế hoạch'],
      ['appraisal.round1.accept', '1.1.2', 'hoidong1', '2,00 → 2,00'],
      ['appraisal.round1.field-done', '1', 'hoidong1', null],
      ['appraisal.round1.adjust', '2.1.1', 'hoidong2', '3,00 → 1,50: Tỷ lệ hoàn thành thấp hơn báo cáo'],
      ['appraisal.round1.field-done', '2', 'hoidong2', null],
      ['evidence.supplementary', '1.1.1', 'snv.canbo', null],
      ['evidence.supplementary', '1.1.1', 'snv.canbo', null],
      ['evidence.delete', '1.1.1', 'snv.canbo', null],
      ['dispute.explanation', '1.1.1', 'snv.canbo', null],
      ['appraisal.round2.upheld', '1.1.1', 'hoidong1', '1,50 → 3,00: Quyết định bổ sung chứng minh kế hoạch ban hành đúng hạn'],
      ['appraisal.round2.field-done', '1', 'hoidong1', null],
    ]);
    const labels = new Map((res.body.items as { action: string; actionLabel: string }[]).map((e) => [e.action, e.actionLabel]));
    expect(labels.get('evidence.supplementary')).toBe('Bổ sung tài liệu kiểm chứng khi giải trình');
    expect(labels.get('appraisal.round2.upheld')).toBe('Thẩm định vòng 2: chấp nhận giải trình');
    const explanation = (res.body.items as { action: string; before: unknown; after: unknown }[]).find((e) => e.action === 'dispute.explanation');
    expect(explanation).toMatchObject({ before: { explanation: null, score: 150 }, after: { score: 150, disputeRound: 1 } });
  });
});
