import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { assignFields } from '../support/org';
import { eventually } from '../support/system';
import { createYear } from '../support/year';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { seedTwoGroups } from './support/two-groups';
import { openConfig, YEAR } from './support/scenario';

/**
 * Monitoring by Sở Nội vụ: the status board (phases, deadlines, overdue, self-scoring and per-field
 * appraisal progress, filters, counts, sorting, paging) read from PostgreSQL alone; each unit's
 * timeline from the audit log; the hash chain check that finds a changed or removed entry; the
 * provisional ranking.
 */
const v1 = '/api/v1';

describe('status board, timeline and audit chain', () => {
  let api: ApiSystem;
  const tokens: Record<string, string> = {};
  const get = (path: string, who = 'sonoivu') => api.http.request('GET', `${v1}${path}`, { token: tokens[who] });
  const phaseOf = async (unitCode: string) => (await api.sys.database.db.assessment.findFirst({ where: { unit: { code: unitCode } } }))?.phase;

  beforeAll(async () => {
    api = await startApiSystem();
    const db = api.sys.database.db;
    await seedTwoGroups(db);
    for (const u of ['sonoivu', 'hoidong1', 'chutich', 'lanhdao', 'snv.canbo', 'snv.thutruong', 'stp.canbo', 'hlb.canbo']) tokens[u] = await api.http.login(u);
    await createYear(db, YEAR, { config: openConfig });
    await assignFields(db, YEAR, 'hoidong1', ['1']);
    await assignFields(db, YEAR, 'hoidong2', ['2']);
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/start`, { token: tokens.sonoivu })).status).toBe(202);
    await eventually(async () => ((await db.assessment.count({ where: { phase: 'SELF_ASSESSMENT' } })) === 5 ? true : undefined), 'five units in self-assessment');

    const draft = (unit: string, leaf: string, body: unknown) => api.http.request('PUT', `${v1}/years/${YEAR}/units/${unit}/leaves/${leaf}`, { token: tokens[`${unit.toLowerCase()}.canbo`], body });
    await draft('SNV', '1.1.1', { selfScore: 3 });
    await draft('SNV', '1.1.2', { entry: { achieved: true } });
    await draft('SNV', '2.1.1', { entry: { ratio: 95 } });
    await draft('STP', '1.1.1', { selfScore: 1.5 });
    await draft('STP', '2.1.1', { entry: { ratio: 72.5 }, note: 'Số liệu từ Hệ thống thông tin giải quyết TTHC' });
    await draft('HLB', '1.1.2', { notApplicable: true });
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/submit`, { token: tokens['snv.thutruong'] })).status).toBe(200);
    await eventually(async () => ((await phaseOf('SNV')) === 'APPRAISAL' ? true : undefined), 'SNV in appraisal');
    for (const leaf of ['1.1.1', '1.1.2']) {
      const res = await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/appraisal/leaves/${leaf}`, { token: tokens.hoidong1, body: { action: 'accept' } });
      expect(res.status).toBe(200);
    }
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/appraisal/fields/1/done`, { token: tokens.hoidong1 })).status).toBe(200);
    await eventually(async () => ((await db.fieldAppraisal.count({ where: { status: 'done' } })) === 1 ? true : undefined), 'field 1 done');
    // One unit has let its deadline pass (the projection is what the board reads).
    await db.assessment.updateMany({ where: { unit: { code: 'HNH' } }, data: { phaseDeadline: new Date('2024-03-31T16:59:59.999Z') } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('counts the year and lists every unit with phase, deadline, progress and a Temporal UI link', async () => {
    const board = await get(`/years/${YEAR}/status`);
    expect(board.status).toBe(200);
    expect(board.body.counts).toMatchObject({ total: 5, submitted: 1, overdue: 1, late: 0, excluded: 0, SELF_ASSESSMENT: 4, APPRAISAL: 1 });
    expect(board.body.units.map((u: any) => u.unitCode)).toEqual(['SNV', 'STP', 'SYT', 'HLB', 'HNH']);
    const snv = board.body.units[0];
    expect(snv).toMatchObject({ groupCode: 'SO_NGANH', groupName: 'Các sở, ban, ngành', phase: 'APPRAISAL', phaseLabel: 'Thẩm định vòng 1', overdue: false, scored: 3, scorable: 3, fieldsDone: 1, fieldsTotal: 2 });
    expect(snv.fields).toEqual([
      expect.objectContaining({ fieldCode: '1', round: 1, status: 'done', appraised: 2, total: 2, appraisedBy: 'hoidong1', appraisers: ['hoidong1'] }),
      expect.objectContaining({ fieldCode: '2', round: 1, status: 'pending', appraised: 0, total: 1, appraisers: ['hoidong2'] }),
    ]);
    expect(snv.workflowUrl).toBe(`${api.sys.config.temporal.uiUrl}/namespaces/${api.sys.temporal.namespace}/workflows/${encodeURIComponent(`par/${YEAR}/SNV`)}`);
    const stp = board.body.units[1];
    expect(stp).toMatchObject({ phase: 'SELF_ASSESSMENT', scored: 2, scorable: 3, fieldsDone: 0 });
    expect(stp.fields.map((f: any) => f.status)).toEqual(['not_started', 'not_started']);
    expect(board.body.units[3]).toMatchObject({ unitCode: 'HLB', scorable: 2 });
    expect(board.body.units[4]).toMatchObject({ unitCode: 'HNH', overdue: true });
  });

  it('filters by group, phase, overdue, field progress and text; sorts and pages', async () => {
    const codes = async (query: string) => (await get(`/years/${YEAR}/status?${query}`)).body.units.map((u: any) => u.unitCode);
    expect(await codes('group=HUYEN')).toEqual(['HLB', 'HNH']);
    expect(await codes('phase=APPRAISAL')).toEqual(['SNV']);
    expect(await codes('overdue=true')).toEqual(['HNH']);
    expect(await codes('overdue=false&group=HUYEN')).toEqual(['HLB']);
    expect(await codes('field=1&fieldStatus=done')).toEqual(['SNV']);
    expect(await codes('field=2&fieldStatus=not_started')).toEqual(['STP', 'SYT', 'HLB', 'HNH']);
    expect(await codes(`q=${encodeURIComponent('đơn vị syt')}`)).toEqual(['SYT']);
    expect(await codes('sort=-unitCode')).toEqual(['SYT', 'STP', 'SNV', 'HNH', 'HLB']);
    expect(await codes('sort=-progress')).toEqual(['SNV', 'STP', 'HLB', 'HNH', 'SYT']);
    expect((await codes('sort=phaseDeadline'))[0]).toBe('HNH');
    expect(await codes('sort=phase')).toEqual(['HLB', 'HNH', 'STP', 'SYT', 'SNV']);
    const page = await get(`/years/${YEAR}/status?sort=unitCode&page=2&pageSize=2`);
    expect(page.body.paging).toEqual({ page: 2, pageSize: 2, total: 5 });
    expect(page.body.units.map((u: any) => u.unitCode)).toEqual(['SNV', 'STP']);
    for (const bad of ['phase=DONE', 'overdue=yes', 'page=0', 'pageSize=501', 'sort=points', 'group=so_nganh', 'field=1.1']) {
      expect({ bad, status: (await get(`/years/${YEAR}/status?${bad}`)).status }).toEqual({ bad, status: 400 });
    }
    expect((await get(`/years/2098/status`)).status).toBe(404);
  });

  it('reads PostgreSQL only: the board answers with Temporal out of reach', async () => {
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'khong-co' });
    const offline = await api.startApp({ temporal: unreachable });
    const board = await offline.http.request('GET', `${v1}/years/${YEAR}/status`, { token: tokens.lanhdao });
    expect(board.status).toBe(200);
    expect(board.body.units).toHaveLength(5);
  });

  it('tells each unit’s story: who, when, what, before and after, why', async () => {
    const timeline = await get(`/years/${YEAR}/units/SNV/timeline?order=asc`, 'snv.canbo');
    expect(timeline.status).toBe(200);
    const actions = timeline.body.items.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['phase.enter', 'self.draft', 'self.submitted', 'appraisal.round1.accept']));
    const draft = timeline.body.items.find((e: any) => e.action === 'self.draft' && e.target === '2.1.1');
    expect(draft).toMatchObject({ actor: 'snv.canbo', actorRole: 'unit_officer', actionLabel: 'Lưu nháp tự chấm', before: null, after: { selfScore: 300, entry: { ratio: 9500 } } });
    expect(draft.atDisplay).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    const seqs = timeline.body.items.map((e: any) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    const filtered = await get(`/years/${YEAR}/units/SNV/timeline?action=appraisal&pageSize=1`, 'hoidong1');
    expect(filtered.body.paging.total).toBeGreaterThanOrEqual(3);
    expect(filtered.body.items).toHaveLength(1);
    expect((await get(`/years/${YEAR}/units/SNV/timeline?action=DROP%20TABLE`)).status).toBe(400);
    const all = await get(`/audit?actor=sonoivu&order=asc`);
    expect(all.body.items.map((e: any) => e.action)).toContain('year.start');
  });

  it('shows the same totals and counts on the score sheet, the board and the ranking (one results model)', async () => {
    const board = (await get(`/years/${YEAR}/status`)).body;
    const ranking = (await get(`/years/${YEAR}/ranking`, 'chutich')).body;
    const ranked = new Map<string, any>(ranking.groups.flatMap((g: any) => [...g.ranked, ...g.unranked].map((u: any) => [u.unitCode, u])));
    for (const u of board.units) {
      const sheet = (await get(`/years/${YEAR}/units/${u.unitCode}/score-sheet`)).body;
      const total = sheet.rows[sheet.rows.length - 1];
      expect([u.unitCode, total.achieved, total.max]).toEqual([u.unitCode, sheet.points, sheet.max]);
      expect([u.unitCode, u.scored, u.scorable]).toEqual([u.unitCode, sheet.counts.scored, sheet.counts.scorable]);
      expect([u.unitCode, ranked.get(u.unitCode).points, ranked.get(u.unitCode).max]).toEqual([u.unitCode, sheet.points, sheet.max]);
      const appraised = u.fields.filter((f: any) => f.round === 1).reduce((n: number, f: any) => n + f.appraised, 0);
      expect([u.unitCode, appraised]).toEqual([u.unitCode, sheet.counts.appraised]);
    }
    const snv = (await get(`/years/${YEAR}/units/SNV/score-sheet`)).body;
    expect(snv).toMatchObject({ points: 8, max: 8, index: 100, counts: { scorable: 3, scored: 3, unscored: 0, appraised: 2 } });
  });

  it('ranks provisionally per group until approval; publishes nothing early', async () => {
    const ranking = await get(`/years/${YEAR}/ranking`, 'chutich');
    expect(ranking.body).toMatchObject({ provisional: true });
    expect(['running', 'survey_closed']).toContain(ranking.body.status);
    const groups = ranking.body.groups.map((g: any) => [g.groupCode, g.ranked.map((u: any) => [u.rank, u.unitCode])]);
    // SNV 3 + 2 + 3 = 8 of 8; STP (a draft) 1.5 + 0 + 1.5 = 3 of 8. SYT and HNH entered nothing, HLB only
    // marked a leaf not applicable, and none submitted: no result yet, neither ranked nor classified.
    expect(groups).toEqual([
      ['SO_NGANH', [[1, 'SNV'], [2, 'STP']]],
      ['HUYEN', []],
    ]);
    const apart = ranking.body.groups.map((g: any) => g.unranked.map((u: any) => [u.unitCode, u.cause, u.index]));
    expect(apart).toEqual([[['SYT', 'NO_RESULT', null]], [['HLB', 'NO_RESULT', null], ['HNH', 'NO_RESULT', null]]]);
    expect(ranking.body.groups[1].unranked[0].reason).toBe('Chưa có kết quả: đơn vị chưa chấm điểm, chưa nộp hồ sơ tự đánh giá.');
    expect(ranking.body.groups[0].ranked[0]).toMatchObject({ points: 8, max: 8, index: 100, classification: 'Xuất sắc' });
    expect((await api.http.request('GET', `${v1}/public/years/${YEAR}/results`)).status).toBe(404);
    expect((await api.http.request('GET', `${v1}/public/years`)).body.items).toEqual([]);
  });

  it('verifies the hash chain, and finds an entry changed or removed behind its back', async () => {
    const ok = await get('/audit/verify', 'chutich');
    expect(ok.body).toMatchObject({ ok: true });
    const total = await api.sys.database.db.auditEntry.count();
    expect(ok.body.entries).toBe(total);
    expect(ok.body.message).toContain('nguyên vẹn');

    const db = api.sys.database.db;
    await expect(db.$executeRaw`UPDATE audit_log SET reason = 'sửa lén' WHERE action = 'self.draft'`).rejects.toThrow();
    const victim = await db.auditEntry.findFirstOrThrow({ where: { action: 'self.draft', target: '2.1.1', assessment: undefined } });
    // Only someone who can switch the trigger off can change it; the chain still tells.
    await db.$transaction([
      db.$executeRaw`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`,
      db.$executeRaw`UPDATE audit_log SET after = '{"selfScore": 150}'::jsonb WHERE seq = ${victim.seq}`,
      db.$executeRaw`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`,
    ]);
    const changed = await get('/audit/verify');
    expect(changed.body).toMatchObject({ ok: false, brokenAt: { seq: victim.seq.toString(), reason: 'hash' } });
    expect(changed.body.message).toContain(`mục số ${victim.seq}`);

    const later = await db.auditEntry.findFirstOrThrow({ where: { seq: { gt: victim.seq + BigInt(1) } }, orderBy: { seq: 'asc' } });
    await db.$transaction([
      db.$executeRaw`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`,
      db.$executeRaw`UPDATE audit_log SET after = ${JSON.stringify({ selfScore: 300, entry: { ratio: 9500 }, note: null, notApplicable: false })}::jsonb WHERE seq = ${victim.seq}`,
      db.$executeRaw`DELETE FROM audit_log WHERE seq = ${later.seq - BigInt(1)}`,
      db.$executeRaw`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`,
    ]);
    const removed = await get('/audit/verify');
    expect(removed.body).toMatchObject({ ok: false, brokenAt: { seq: later.seq.toString(), reason: 'link' } });
  });
});
