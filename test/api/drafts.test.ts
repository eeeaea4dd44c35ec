import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/system';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { GROUP, loginAll, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';

/**
 * A unit's drafts over HTTP on the sample departments' set, which has every kind of leaf: each entry is
 * scored by the leaf's own rule (refusals name the allowed values), ETag/If-Match guard a leaf and
 * the whole sheet, a field can be marked not applicable, the score sheet adds up, and everything
 * locks once the head submits.
 */
const departments = JSON.parse(readFileSync(path.resolve(__dirname, '../../seed/criteria/departments-2023.sample.json'), 'utf8'));
const unit = `/api/v1/years/${YEAR}/units/${OWN_UNIT}`;

describe('drafts and the score sheet', () => {
  let api: ApiSystem;
  let tokens: Record<string, string>;
  const put = (leaf: string, body: unknown, headers: Record<string, string> = {}, who = 'snv.canbo') => api.http.request('PUT', `${unit}/leaves/${leaf}`, { token: tokens[who], body, headers });

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    tokens = await loginAll(api.http);
    await startScenarioYear(api.sys.database.db, api.http, tokens.sonoivu!, { sets: { [GROUP]: departments } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('scores each kind of entry by its leaf rule and stores the entry beside the points', async () => {
    const cases: [string, unknown, number | null, number | null][] = [
      ['1.1.1', { points: 0.25 }, 0.25, null],
      ['1.1.2', { ratio: 85 }, 1, 85],
      ['1.1.3', { achieved: true }, 0.5, null],
      ['1.2.1', { numerator: 9, denominator: 10 }, 0.5, 90],
      ['1.3.3', { numerator: 3, denominator: 4 }, 0.38, 75],
      ['8.2.1', { numerator: 0, denominator: 0 }, null, null],
      ['9.1', { occurrences: 3 }, 1, null],
      ['10.1', { points: 1 }, 1, null],
    ];
    for (const [leaf, entry, points, ratio] of cases) {
      const res = await put(leaf, { entry });
      expect({ leaf, status: res.status }).toEqual({ leaf, status: 200 });
      expect({ leaf, selfScore: res.body.selfScore, ratio: res.body.ratio, entry: res.body.entry }).toEqual({ leaf, selfScore: points, ratio, entry });
    }
    const row = await api.sys.database.db.leafScore.findFirstOrThrow({ where: { leafCode: '1.2.1', assessment: { unit: { code: OWN_UNIT } } } });
    expect(row.selfInput).toEqual({ numerator: 900, denominator: 1000 });
    expect(row.selfScore).toBe(50);
  });

  it('refuses entries the rule does not allow, naming the allowed values or the right points', async () => {
    const notAllowed = await put('1.1.1', { entry: { points: 0.3 } });
    expect(notAllowed.status).toBe(422);
    expect(notAllowed.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(notAllowed.body).toMatchObject({ code: 'SCORE_NOT_ALLOWED', allowed: [0.5, 0.25, 0] });
    expect(notAllowed.body.detail).toMatch(/các mức được phép/);
    expect(notAllowed.body.errors[0].field).toBe('body.entry');

    const mismatch = await put('1.1.2', { entry: { ratio: 85, points: 1.5 } });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toMatchObject({ code: 'SCORE_MISMATCH', expected: 1 });

    expect((await put('1.7.1', { selfScore: 1 })).body).toMatchObject({ status: 422, code: 'NOT_SELF_SCORED' });
    expect((await put('1.1.1', { entry: { ratio: 50 } })).body).toMatchObject({ status: 422, code: 'UNEXPECTED_VALUE' });
    expect((await put('1.1.1', { selfScore: 0.5, entry: { points: 0.5 } })).status).toBe(422);
    expect((await put('1.1.1', { selfScore: 0.505 })).body.errors[0]).toMatchObject({ field: 'body.selfScore' });
    expect((await put('1.1.1', { entry: {} })).status).toBe(422);
    expect((await put('1.9.9', { selfScore: 1 })).status).toBe(404);
    // The refused writes left the stored value alone.
    const assessment = await api.http.request('GET', `${unit}/assessment`, { token: tokens['snv.canbo'] });
    expect(assessment.body.leaves.find((l: any) => l.leafCode === '1.1.1')).toMatchObject({ selfScore: 0.25, entry: { points: 0.25 } });
  });

  it('keeps a shorthand score, a note and a not-applicable flag, and clears an entry with null', async () => {
    const saved = await put('2.1.2', { selfScore: 1, note: 'Có Quyết định số 12/QĐ-UBND 😀 <b>kèm theo</b>' });
    expect(saved.body).toMatchObject({ selfScore: 1, entry: { points: 1 }, note: 'Có Quyết định số 12/QĐ-UBND 😀 <b>kèm theo</b>' });
    const na = await put('2.2.1', { notApplicable: true, note: 'Đơn vị không có văn bản thuộc diện rà soát' });
    expect(na.body).toMatchObject({ notApplicable: true });
    const cleared = await put('2.1.2', { entry: null });
    expect(cleared.body).toMatchObject({ selfScore: null, entry: null, note: 'Có Quyết định số 12/QĐ-UBND 😀 <b>kèm theo</b>' });
  });

  it('guards a leaf with ETag/If-Match so two officers do not overwrite each other', async () => {
    const first = await put('3.1.1', { selfScore: 0.5 });
    expect(first.headers.get('etag')).toBe('"v1"');
    const second = await put('3.1.1', { selfScore: 0.25 }, { 'If-Match': '"v1"' }, 'snv.thutruong');
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe('"v2"');
    const stale = await put('3.1.1', { selfScore: 0 }, { 'If-Match': '"v1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', title: 'Dữ liệu đã bị thay đổi' });
    expect((await put('3.1.1', { selfScore: 0 }, { 'If-Match': '*' })).status).toBe(200);
  });

  it('gives the whole sheet an ETag: 304 while nothing changed, a new one after any change', async () => {
    const read = (headers: Record<string, string> = {}) => api.http.request('GET', `${unit}/assessment`, { token: tokens['snv.canbo'], headers });
    const a = await read();
    const etag = a.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"s-/);
    expect((await read({ 'If-None-Match': etag })).status).toBe(304);
    const sheet = await api.http.request('GET', `${unit}/score-sheet`, { token: tokens['snv.canbo'], headers: { 'If-None-Match': etag } });
    expect(sheet.status).toBe(304);
    await put('3.2.1', { entry: { achieved: false } });
    const b = await read({ 'If-None-Match': etag });
    expect(b.status).toBe(200);
    expect(b.headers.get('etag')).not.toBe(etag);
  });

  it('marks a whole field not applicable under the sheet ETag, and the sheet leaves it out', async () => {
    const etag = (await api.http.request('GET', `${unit}/assessment`, { token: tokens['snv.canbo'] })).headers.get('etag')!;
    const stale = await api.http.request('PUT', `${unit}/fields/4/not-applicable`, { token: tokens['snv.canbo'], body: { notApplicable: true }, headers: { 'If-Match': 'W/"s-cu"' } });
    expect(stale.status).toBe(412);
    const res = await api.http.request('PUT', `${unit}/fields/4/not-applicable`, {
      token: tokens['snv.canbo'],
      body: { notApplicable: true, note: 'Đơn vị không có tổ chức bộ máy trực thuộc' },
      headers: { 'If-Match': etag },
    });
    expect(res.status).toBe(200);
    expect(res.body.leaves).toEqual(['4.1.1', '4.1.2', '4.2.1', '4.2.2', '4.3.1', '4.4.1', '4.4.2']);
    expect(res.headers.get('etag')).not.toBe(etag);
    expect((await api.http.request('PUT', `${unit}/fields/99/not-applicable`, { token: tokens['snv.canbo'], body: { notApplicable: true } })).status).toBe(404);

    const sheet = await api.http.request('GET', `${unit}/score-sheet`, { token: tokens.sonoivu });
    expect(sheet.status).toBe(200);
    expect(sheet.body.columns.map((c: any) => c.label)).toEqual(['STT', 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần', 'Điểm tối đa', 'Điểm điều tra XHH', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Điểm đạt được', 'Chỉ số (%)', 'Ghi chú']);
    const field4 = sheet.body.rows.find((r: any) => r.code === '4');
    expect(field4).toMatchObject({ type: 'field', notApplicable: true, max: null, declaredMax: 10.5 });
    const row = (code: string) => sheet.body.rows.find((r: any) => r.code === code);
    expect(row('1.2.1')).toMatchObject({ self: 0.5, achieved: 0.5, max: 1 });
    expect(row('1.2.1').note).toContain('Tỷ lệ 90,00%');
    const total = sheet.body.rows.at(-1);
    expect(total).toMatchObject({ type: 'total', achieved: sheet.body.points, max: sheet.body.max });
    const fieldSum = sheet.body.rows.filter((r: any) => r.type === 'field').reduce((s: number, r: any) => s + (r.achieved ?? 0), 0);
    // Bonus 1 point (9.1) added, penalty 1 point (10.1) subtracted.
    expect(sheet.body.points).toBeCloseTo(fieldSum + 1 - 1, 2);
  });

  it('locks every draft write once the head has submitted', async () => {
    const submit = await api.http.request('POST', `${unit}/submit`, { token: tokens['snv.thutruong'] });
    expect(submit.status).toBe(200);
    await eventually(async () => ((await api.sys.database.db.assessment.findFirst({ where: { unit: { code: OWN_UNIT } } }))?.lockedAt ? true : undefined), 'assessment locked');
    const locked = await put('1.1.1', { selfScore: 0.5 });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('ASSESSMENT_LOCKED');
    expect((await api.http.request('PUT', `${unit}/fields/4/not-applicable`, { token: tokens['snv.canbo'], body: { notApplicable: false } })).status).toBe(409);
    const read = await api.http.request('GET', `${unit}/assessment`, { token: tokens['snv.canbo'] });
    expect(read.body).toMatchObject({ editable: false, submittedBy: 'snv.thutruong' });
  });
});
