import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/system';
import { historyLength } from '../workflows/harness';
import { workflowsIdle } from '../support/wait';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { loginAll, OTHER_UNIT, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';

/**
 * Conflicts of interest through HTTP: hoidong1 (field 1) works at SNV, as their account says, so
 * they cannot appraise SNV — the refusal leaves the workflow's history as it was — while hoidong2,
 * whom Sở Nội vụ named substitute for SNV's field 1, can. Notices, the status board and the inbox
 * data follow; a member named for a unit they belong to, or a conflict with a unit they substitute
 * for, is refused.
 */
describe('conflicts of interest and substitute members', () => {
  let api: ApiSystem;
  let t: Record<string, string>;
  const unit = (code: string) => `/api/v1/years/${YEAR}/units/${code}`;

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    t = await loginAll(api.http);
    // The member's own unit is on their account.
    const own = await api.http.request('PATCH', '/api/v1/users/hoidong1', { token: t.sonoivu, body: { unitCode: OWN_UNIT } });
    expect(own.status).toBe(200);
    expect(own.body.unitCode).toBe(OWN_UNIT);
    // Changing an account's unit ends its sessions.
    t.hoidong1 = await api.http.login('hoidong1');
    await startScenarioYear(api.sys.database.db, api.http, t.sonoivu!);
  });
  afterAll(async () => {
    await api?.close();
  });

  const call = (method: string, path: string, user: string, body?: unknown) => api.http.request(method, path, { token: t[user], ...(body !== undefined ? { body } : {}) });
  const ok = async (method: string, path: string, user: string, body?: unknown) => {
    const res = await call(method, path, user, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const inPhase = (code: string, phase: string) =>
    eventually(async () => ((await api.sys.database.db.assessment.findFirst({ where: { year: YEAR, unit: { code } } }))?.phase === phase ? true : undefined), `${code} in ${phase}`);

  it('refuses to name a substitute who belongs to the unit, or who is not on the council, or for a field the unit does not have', async () => {
    const own = await call('PUT', `${unit(OWN_UNIT)}/substitutes/1`, 'sonoivu', { username: 'hoidong1' });
    expect(own.status).toBe(409);
    expect(own.body).toMatchObject({ code: 'CONFLICT_OF_INTEREST' });
    expect(own.body.detail).toContain(OWN_UNIT);
    expect((await call('PUT', `${unit(OWN_UNIT)}/substitutes/1`, 'sonoivu', { username: 'lanhdao' })).body.code).toBe('NOT_COUNCIL_MEMBER');
    expect((await call('PUT', `${unit(OWN_UNIT)}/substitutes/9`, 'sonoivu', { username: 'hoidong2' })).body.code).toBe('UNKNOWN_FIELD');
    expect(await api.sys.database.db.fieldSubstitute.count()).toBe(0);
  });

  it('names hoidong2 substitute for SNV field 1; the council, the board and the notices follow', async () => {
    const named = await ok('PUT', `${unit(OWN_UNIT)}/substitutes/1`, 'sonoivu', { username: 'hoidong2', reason: 'Thành viên phụ trách là Giám đốc Sở Nội vụ' });
    expect(named.body).toEqual({ unitCode: OWN_UNIT, fieldCode: '1', username: 'hoidong2', reason: 'Thành viên phụ trách là Giám đốc Sở Nội vụ' });
    const council = await ok('GET', `/api/v1/years/${YEAR}/council`, 'hoidong1');
    const member = (name: string) => council.body.members.find((m: { username: string }) => m.username === name);
    expect(member('hoidong1')).toMatchObject({ unitCode: OWN_UNIT, fields: ['1'], conflictUnits: [OWN_UNIT], substituteFor: [] });
    expect(member('hoidong2')).toMatchObject({ fields: ['2'], conflictUnits: [], substituteFor: [{ unitCode: OWN_UNIT, fieldCode: '1' }] });

    for (const code of [OWN_UNIT, OTHER_UNIT]) {
      for (const [leaf, score] of [['1.1.1', 3], ['1.1.2', 2], ['2.1.1', 3]] as const) await ok('PUT', `${unit(code)}/leaves/${leaf}`, `${code.toLowerCase()}.canbo`, { selfScore: score });
      await ok('POST', `${unit(code)}/submit`, `${code.toLowerCase()}.thutruong`, {});
      await inPhase(code, 'APPRAISAL');
    }
    const board = await ok('GET', `/api/v1/years/${YEAR}/status`, 'sonoivu');
    const appraisers = (code: string, field: string) =>
      board.body.units.find((u: { unitCode: string }) => u.unitCode === code).fields.find((f: { fieldCode: string }) => f.fieldCode === field).appraisers;
    expect([appraisers(OWN_UNIT, '1'), appraisers(OWN_UNIT, '2'), appraisers(OTHER_UNIT, '1')]).toEqual([['hoidong2'], ['hoidong2'], ['hoidong1']]);

    // "Round 1 is open" for SNV's field 1 goes to the substitute, not to the member who belongs to SNV.
    const opened = await eventually(async () => {
      const rows = await api.sys.database.db.mailMessage.findMany({ where: { key: { startsWith: `par/${YEAR}/${OWN_UNIT}/appraisal-open` } } });
      return rows.length ? rows : undefined;
    }, 'SNV appraisal-open notice');
    expect(opened[0]!.to).toContain('hoidong2@tinh.example');
    expect(opened[0]!.to).not.toContain('hoidong1@tinh.example');
  });

  it('refuses hoidong1 on SNV without touching the workflow, while the substitute appraises it', async () => {
    const handle = api.sys.temporal.client.workflow.getHandle(`par/${YEAR}/${OWN_UNIT}`);
    await workflowsIdle([handle]);
    const before = await historyLength(handle);
    for (const [path, body] of [
      [`${unit(OWN_UNIT)}/appraisal/leaves/1.1.1`, { action: 'accept' }],
      [`${unit(OWN_UNIT)}/appraisal/fields/1/done`, {}],
    ] as const) {
      const refused = await call('POST', path, 'hoidong1', body);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'CONFLICT_OF_INTEREST' });
      expect(refused.body.detail).toContain('xung đột lợi ích');
    }
    expect(await historyLength(handle)).toBe(before);

    await ok('POST', `${unit(OWN_UNIT)}/appraisal/leaves/1.1.1`, 'hoidong2', { action: 'adjust', score: 1.5, reason: 'Kế hoạch ban hành chậm' });
    await ok('POST', `${unit(OWN_UNIT)}/appraisal/leaves/1.1.2`, 'hoidong2', { action: 'accept' });
    await ok('POST', `${unit(OWN_UNIT)}/appraisal/fields/1/done`, 'hoidong2', {});
    // hoidong1 still appraises field 1 of the other unit.
    await ok('POST', `${unit(OTHER_UNIT)}/appraisal/leaves/1.1.1`, 'hoidong1', { action: 'accept' });
    const leaf = await api.sys.database.db.leafScore.findFirst({ where: { leafCode: '1.1.1', assessment: { unit: { code: OWN_UNIT } } } });
    expect({ by: leaf?.appraisedBy, score: leaf?.appraisedScore }).toEqual({ by: 'hoidong2', score: 150 });
    const timeline = await ok('GET', `${unit(OWN_UNIT)}/timeline?order=asc&pageSize=500`, 'sonoivu');
    expect(timeline.body.items.find((e: { action: string }) => e.action === 'council.substitute')).toMatchObject({ actor: 'sonoivu', target: `${OWN_UNIT}/1`, after: { username: 'hoidong2' } });
  });

  it('takes conflicts named for the year, and refuses one with a unit the member substitutes for', async () => {
    const clash = await call('PUT', `/api/v1/years/${YEAR}/council/hoidong2/conflicts`, 'sonoivu', { units: [{ unitCode: OWN_UNIT }] });
    expect({ status: clash.status, code: clash.body.code }).toEqual({ status: 409, code: 'CONFLICT_OF_INTEREST' });
    await ok('PUT', `/api/v1/years/${YEAR}/council/hoidong2/conflicts`, 'sonoivu', { units: [{ unitCode: OTHER_UNIT, reason: 'Vợ là Chánh Văn phòng đơn vị' }] });
    const refused = await call('POST', `${unit(OTHER_UNIT)}/appraisal/leaves/2.1.1`, 'hoidong2', { action: 'accept' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'CONFLICT_OF_INTEREST' });
    // Nobody appraises STP's field 2 now: the status board says so.
    const board = await ok('GET', `/api/v1/years/${YEAR}/status`, 'sonoivu');
    const stp = board.body.units.find((u: { unitCode: string }) => u.unitCode === OTHER_UNIT);
    expect(stp.fields.find((f: { fieldCode: string }) => f.fieldCode === '2').appraisers).toEqual([]);
    const removed = await call('DELETE', `${unit(OWN_UNIT)}/substitutes/1`, 'sonoivu');
    expect(removed.status).toBe(204);
    expect((await call('DELETE', `${unit(OWN_UNIT)}/substitutes/1`, 'sonoivu')).status).toBe(404);
  });
});
