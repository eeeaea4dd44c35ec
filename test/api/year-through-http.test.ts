import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import { criteriaSetToXlsx } from '../../adapters/xlsx/criteria';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { seedOrg } from '../support/org';
import { eventually } from '../support/system';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { uploadEvidence } from './support/evidence';
import { PDF } from './support/files';
import { openConfig } from './support/scenario';

/**
 * A whole year driven only by HTTP calls, each by the role whose work it is: Sở Nội vụ sets up groups,
 * units, accounts, the year, its criteria sets (Excel and JSON) and the council's fields, and starts
 * it; units save drafts and evidence and submit; council members appraise their fields, one unit
 * explains a flagged leaf and round 2 decides it; the chair
 * approves; the public reads the published ranking. Only the first Sở Nội vụ account is seeded.
 */
const YEAR = 2023;
const PASSWORD = 'Mật khẩu năm 2024 !';
const v1 = '/api/v1';

describe('a year from set-up to published ranking, through the API only', () => {
  let api: ApiSystem;
  const tokens: Record<string, string> = {};
  const call = async (who: string | null, method: string, path: string, body?: unknown, expected = 200) => {
    const res = await api.http.request(method, `${v1}${path}`, { ...(who ? { token: tokens[who] } : {}), ...(body !== undefined ? { body } : {}), headers: method === 'GET' ? {} : { 'Idempotency-Key': `e2e-${randomUUID()}` } });
    if (res.status !== expected) throw new Error(`${who ?? 'ẩn danh'} ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const board = () => call('sonoivu', 'GET', `/years/${YEAR}/status`);
  const allIn = (...phases: string[]) => async () => {
    const b = await board();
    return b.units.length === 3 && b.units.every((u: { phase: string }) => phases.includes(u.phase)) ? b : undefined;
  };

  beforeAll(async () => {
    api = await startApiSystem();
    await seedOrg(api.sys.database.db, { groups: [], users: [{ username: 'sonoivu', role: 'secretariat' }] });
    tokens.sonoivu = await api.http.login('sonoivu');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('runs the year', async () => {
    // Sở Nội vụ: organisation and accounts.
    await call('sonoivu', 'POST', '/unit-groups', { code: 'SO_NGANH', name: 'Các sở, ban, ngành', order: 1 }, 201);
    await call('sonoivu', 'POST', '/unit-groups', { code: 'HUYEN', name: 'UBND huyện, thành phố', order: 2 }, 201);
    for (const [code, name, groupCode] of [
      ['SNV', 'Sở Nội vụ', 'SO_NGANH'],
      ['STP', 'Sở Tư pháp', 'SO_NGANH'],
      ['HLB', 'UBND huyện Lâm Bình', 'HUYEN'],
    ] as const) {
      await call('sonoivu', 'POST', '/units', { code, name, groupCode, email: `${code.toLowerCase()}@tuyenquang.gov.vn` }, 201);
      for (const [suffix, role] of [['canbo', 'unit_officer'], ['thutruong', 'unit_head']] as const) {
        await call('sonoivu', 'POST', '/users', { username: `${code.toLowerCase()}.${suffix}`, fullName: `${role === 'unit_head' ? 'Thủ trưởng' : 'Cán bộ'} ${name}`, role, unitCode: code, password: PASSWORD }, 201);
      }
    }
    for (const [username, role] of [['hoidong1', 'council_member'], ['hoidong2', 'council_member'], ['chutich', 'chair'], ['lanhdao', 'viewer']] as const) {
      await call('sonoivu', 'POST', '/users', { username, fullName: `Người dùng ${username}`, role, email: `${username}@tuyenquang.gov.vn`, password: PASSWORD }, 201);
    }
    for (const u of ['snv.canbo', 'snv.thutruong', 'stp.canbo', 'stp.thutruong', 'hlb.canbo', 'hlb.thutruong', 'hoidong1', 'hoidong2', 'chutich', 'lanhdao']) {
      tokens[u] = await api.http.login(u, PASSWORD);
    }

    // The year, its criteria sets (one from Excel, one from JSON) and the council's fields.
    await call('sonoivu', 'POST', '/years', { year: YEAR, title: 'Chỉ số CCHC năm 2023', config: openConfig }, 201);
    const departments = parseCriteriaSet(smallCriteriaSet(YEAR, 'SO_NGANH'));
    if (!departments.ok) throw new Error('bộ tiêu chí mẫu không hợp lệ');
    const xlsx = await criteriaSetToXlsx(departments.value);
    const imported = await api.http.request('PUT', `${v1}/years/${YEAR}/criteria-sets/SO_NGANH/xlsx`, {
      token: tokens.sonoivu,
      raw: xlsx,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(imported.status).toBe(200);
    await call('sonoivu', 'PUT', `/years/${YEAR}/criteria-sets/HUYEN`, smallCriteriaSet(YEAR, 'HUYEN'));
    await call('sonoivu', 'PUT', `/years/${YEAR}/field-assignments/hoidong1`, { fields: ['1'] });
    await call('sonoivu', 'PUT', `/years/${YEAR}/field-assignments/hoidong2`, { fields: ['2'] });
    expect((await call('sonoivu', 'POST', `/years/${YEAR}/start`, undefined, 202)).units).toBe(3);
    await eventually(allIn('SELF_ASSESSMENT'), 'every unit in self-assessment');

    // Units: drafts under each leaf's rule, evidence, then the head submits.
    const draft = (unit: string, leaf: string, body: unknown) => call(`${unit.toLowerCase()}.canbo`, 'PUT', `/years/${YEAR}/units/${unit}/leaves/${leaf}`, body);
    await draft('SNV', '1.1.1', { entry: { points: 3 }, note: 'Kế hoạch số 15/KH-SNV ngày 10/01/2023' });
    await draft('SNV', '1.1.2', { entry: { achieved: true } });
    await draft('SNV', '2.1.1', { entry: { ratio: 95 } });
    await draft('STP', '1.1.1', { entry: { points: 1.5 } });
    await draft('STP', '1.1.2', { entry: { achieved: false } });
    await draft('STP', '2.1.1', { entry: { ratio: 80 } });
    await draft('HLB', '1.1.1', { entry: { points: 3 } });
    await draft('HLB', '1.1.2', { notApplicable: true, note: 'Huyện không thuộc diện báo cáo định kỳ này' });
    await draft('HLB', '2.1.1', { entry: { ratio: 50 } });
    const evidence = await uploadEvidence(api.http, tokens['snv.canbo']!, `${v1}/years/${YEAR}/units/SNV/leaves/1.1.1/evidence`, { name: 'Kế hoạch CCHC 2023.pdf', data: PDF });
    expect(evidence.status).toBe(201);
    for (const unit of ['SNV', 'STP', 'HLB']) {
      const submitted = await call(`${unit.toLowerCase()}.thutruong`, 'POST', `/years/${YEAR}/units/${unit}/submit`);
      expect(submitted.late).toBe(false);
    }
    await eventually(allIn('APPRAISAL'), 'every unit in appraisal');
    expect((await uploadEvidence(api.http, tokens['snv.canbo']!, `${v1}/years/${YEAR}/units/SNV/leaves/1.1.1/evidence`, { name: 'bo-sung.pdf', data: PDF })).status).toBe(409);

    // Council: each member appraises the fields assigned to them, for every unit.
    const appraise = (who: string, unit: string, leaf: string, body: unknown) => call(who, 'POST', `/years/${YEAR}/units/${unit}/appraisal/leaves/${leaf}`, body);
    // A member outside their field is refused, and a unit cannot appraise itself.
    const outside = await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/appraisal/leaves/2.1.1`, { token: tokens.hoidong1, body: { action: 'accept' } });
    expect([403, 422]).toContain(outside.status);
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/appraisal/leaves/1.1.1`, { token: tokens['snv.thutruong'], body: { action: 'accept' } })).status).toBe(403);
    for (const unit of ['SNV', 'STP', 'HLB']) {
      for (const leaf of unit === 'HLB' ? ['1.1.1'] : ['1.1.1', '1.1.2']) {
        await appraise('hoidong1', unit, leaf, unit === 'STP' && leaf === '1.1.1' ? { action: 'adjust', score: 0, reason: 'Không có kế hoạch CCHC năm kèm theo' } : { action: 'accept' });
      }
      await call('hoidong1', 'POST', `/years/${YEAR}/units/${unit}/appraisal/fields/1/done`);
      await appraise('hoidong2', unit, '2.1.1', unit === 'HLB' ? { action: 'explain', score: 0, reason: 'Đề nghị giải trình tỷ lệ hồ sơ đúng hạn chỉ đạt 50%' } : { action: 'accept' });
      await call('hoidong2', 'POST', `/years/${YEAR}/units/${unit}/appraisal/fields/2/done`);
    }

    // HLB explains the flagged leaf; the member owning field 2 decides it in round 2.
    const phaseOf = async (unit: string) => (await board()).units.find((u: any) => u.unitCode === unit);
    await eventually(async () => ((await phaseOf('HLB')).phase === 'DISPUTE' ? true : undefined), 'HLB asked to explain');
    await call('hlb.thutruong', 'POST', `/years/${YEAR}/units/HLB/explanations/2.1.1`, { explanation: 'Số liệu đã cập nhật: 75% hồ sơ đúng hạn, kèm báo cáo của Trung tâm Phục vụ hành chính công' });
    const inRound2 = await eventually(async () => {
      const hlb = await phaseOf('HLB');
      return hlb.phase === 'FINAL_APPRAISAL' ? hlb : undefined;
    }, 'HLB in round 2');
    expect(inRound2.fields.filter((f: any) => f.round === 2)).toEqual([expect.objectContaining({ fieldCode: '2', status: 'pending', appraised: 0, total: 1 })]);
    await call('hoidong2', 'POST', `/years/${YEAR}/units/HLB/appraisal/leaves/2.1.1/decision`, { result: 'upheld', score: 1.5, reason: 'Giải trình có căn cứ: tỷ lệ 75%' });
    await call('hoidong2', 'POST', `/years/${YEAR}/units/HLB/appraisal/fields/2/done`);
    await eventually(allIn('RANKING'), 'every unit waiting for the council');
    const decided = (await phaseOf('HLB')).fields.find((f: any) => f.round === 2);
    expect(decided).toMatchObject({ status: 'done', appraised: 1, total: 1, appraisedBy: 'hoidong2' });

    const provisional = await call('chutich', 'GET', `/years/${YEAR}/ranking`);
    expect(provisional.provisional).toBe(true);
    expect(await api.http.request('GET', `${v1}/public/years/${YEAR}/results`).then((r) => r.status)).toBe(404);

    // The chair approves; the cycle ranks and publishes.
    await call('chutich', 'POST', `/years/${YEAR}/approve`, undefined, 202);
    await eventually(allIn('PUBLISHED'), 'every unit published');
    await eventually(async () => ((await call('lanhdao', 'GET', `/years/${YEAR}`)).status === 'published' ? true : undefined), 'year published');

    // Anyone reads the results, without signing in.
    const years = await call(null, 'GET', '/public/years');
    expect(years.items).toEqual([{ year: YEAR, title: 'Chỉ số CCHC năm 2023' }]);
    const results = await call(null, 'GET', `/public/years/${YEAR}/results`);
    const rows = results.groups.map((g: any) => [g.groupCode, g.ranked.map((u: any) => [u.rank, u.unitCode, u.points, u.max, u.index, u.classification])]);
    // SNV: 3 + 2 + 3 = 8 of 8 (the survey leaf has no answers). STP: 0 (cut) + 0 + 1.5 = 1.5 of 8.
    // HLB: 3 + 1.5 (upheld in round 2) of 6 (1.1.2 not applicable) = 75 %.
    expect(rows).toEqual([
      ['SO_NGANH', [[1, 'SNV', 8, 8, 100, 'Xuất sắc'], [2, 'STP', 1.5, 8, 18.75, 'Yếu']]],
      ['HUYEN', [[1, 'HLB', 4.5, 6, 75, 'Khá']]],
    ]);
    expect(results.provisional).toBe(false);
    expect((await call('chutich', 'GET', `/years/${YEAR}/ranking`)).groups).toEqual(results.groups);

    // The record of it all: STP's timeline shows the cut with its reason; the chain is intact.
    const timeline = await call('stp.thutruong', 'GET', `/years/${YEAR}/units/STP/timeline?action=appraisal.round1.adjust`);
    expect(timeline.items[0]).toMatchObject({ actor: 'hoidong1', target: '1.1.1', reason: 'Không có kế hoạch CCHC năm kèm theo' });
    const sheet = await call('stp.canbo', 'GET', `/years/${YEAR}/units/STP/score-sheet`);
    expect(sheet.rows.find((r: any) => r.code === '1.1.1')).toMatchObject({ self: 1.5, appraised: 0, achieved: 0 });
    expect(sheet.rows.find((r: any) => r.code === '1.1.1').note).toContain('Không có kế hoạch CCHC năm kèm theo');
    expect((await call('sonoivu', 'GET', '/audit/verify')).ok).toBe(true);
  });
});
