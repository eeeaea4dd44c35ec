import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { assignFields, seedOrg } from '../support/org';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { openYearConfig } from '../fixtures/open-year-config';

/**
 * One thin path through every layer against the real services: a year with one criteria set and two
 * units, drafts and submit over HTTP, appraisal, approval and ranking, a notice through SMTP, the
 * status board from PostgreSQL, and the workflows found by search attribute through the Temporal CLI.
 */
const YEAR = 2023;
const GROUP = 'SO_NGANH';

describe('walking skeleton', () => {
  let sys: TestSystem;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    sys = await startTestSystem();
    await seedOrg(sys.database.db, {
      groups: [{ code: GROUP, units: ['SNV', 'STP'] }],
      users: [
        { username: 'sonoivu', role: 'secretariat' },
        { username: 'hoidong', role: 'council_member' },
        { username: 'chutich', role: 'chair' },
      ],
    });
    tokens = {};
    for (const u of ['sonoivu', 'hoidong', 'chutich', 'snv.canbo', 'snv.thutruong', 'stp.thutruong']) tokens[u] = await sys.http.login(u);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const status = async () => (await sys.http.request('GET', `/api/v1/years/${YEAR}/status`, { token: tokens.sonoivu })).body;
  const phasesAre = (phase: string) => async () => {
    const s = await status();
    return s.units?.length === 2 && s.units.every((u: { phase: string }) => u.phase === phase) ? s : undefined;
  };

  it('runs a year from set-up to ranking through HTTP', async () => {
    const { http } = sys;
    const created = await http.request('POST', '/api/v1/years', {
      token: tokens.sonoivu,
      body: {
        year: YEAR,
        title: 'Chỉ số CCHC năm 2023',
        // The survey has already closed, so the path runs on without waiting for a calendar day.
        config: openYearConfig(),
      },
    });
    expect(created.status).toBe(201);
    const set = await http.request('PUT', `/api/v1/years/${YEAR}/criteria-sets/${GROUP}`, { token: tokens.sonoivu, body: smallCriteriaSet(YEAR, GROUP) });
    expect(set.status).toBe(200);
    await assignFields(sys.database.db, YEAR, 'hoidong', ['1', '2']);
    const started = await http.request('POST', `/api/v1/years/${YEAR}/start`, { token: tokens.sonoivu });
    expect(started.status).toBe(202);
    expect(started.body.units).toBe(2);

    await eventually(phasesAre('SELF_ASSESSMENT'), 'both units in self-assessment');
    for (const unit of ['SNV', 'STP']) {
      await eventually(() => sys.temporal.client.workflow.getHandle(`par/${YEAR}/${unit}`).describe(), `workflow of ${unit} started`);
    }

    // A unit officer saves drafts; the head submits; a second submit is refused.
    for (const [leaf, score] of [['1.1.1', 3], ['1.1.2', 2], ['2.1.1', 1.5]] as const) {
      const saved = await http.request('PUT', `/api/v1/years/${YEAR}/units/SNV/leaves/${leaf}`, { token: tokens['snv.canbo'], body: { selfScore: score, note: 'Có văn bản kèm theo' } });
      expect(saved.status).toBe(200);
      expect(saved.headers.get('etag')).toBe('"v1"');
    }
    const submit = await http.request('POST', `/api/v1/years/${YEAR}/units/SNV/submit`, { token: tokens['snv.thutruong'] });
    expect(submit.status).toBe(200);
    expect(submit.body.late).toBe(false);
    const again = await http.request('POST', `/api/v1/years/${YEAR}/units/SNV/submit`, { token: tokens['snv.thutruong'] });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'ALREADY_SUBMITTED', title: 'Hồ sơ tự đánh giá đã được nộp' });
    expect(again.body.detail).toMatch(/đã được nộp/);
    const lockedDraft = await http.request('PUT', `/api/v1/years/${YEAR}/units/SNV/leaves/1.1.1`, { token: tokens['snv.canbo'], body: { selfScore: 1.5 } });
    expect(lockedDraft.status).toBe(409);

    await sys.smtp.waitFor((mails) => mails.some((m) => m.subject?.includes('Đơn vị SNV đã nộp hồ sơ tự đánh giá')));
    const notice = sys.smtp.messages.find((m) => m.subject?.includes('SNV đã nộp'))!;
    expect(notice.text).toContain('Chỉ số CCHC năm 2023');
    expect((notice.to as { text: string }).text).toContain('snv.thutruong@donvi.example');

    expect((await http.request('POST', `/api/v1/years/${YEAR}/units/STP/submit`, { token: tokens['stp.thutruong'] })).status).toBe(200);
    await eventually(phasesAre('APPRAISAL'), 'both units in appraisal');

    // The council member appraises every self-scored leaf of both units, then closes each field.
    for (const unit of ['SNV', 'STP']) {
      for (const leaf of ['1.1.1', '1.1.2', '2.1.1']) {
        const body = unit === 'STP' && leaf === '1.1.1' ? { action: 'adjust', score: 1.5, reason: 'Kế hoạch ban hành chậm so với quy định' } : { action: 'accept' };
        const res = await http.request('POST', `/api/v1/years/${YEAR}/units/${unit}/appraisal/leaves/${leaf}`, { token: tokens.hoidong, body });
        expect(res.status).toBe(200);
      }
      for (const field of ['1', '2']) {
        expect((await http.request('POST', `/api/v1/years/${YEAR}/units/${unit}/appraisal/fields/${field}/done`, { token: tokens.hoidong })).status).toBe(200);
      }
    }
    await eventually(phasesAre('RANKING'), 'both units waiting for the council');

    const before = await status();
    expect(before.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['SNV', 'STP']);
    expect(before.units[0].workflowUrl).toContain(encodeURIComponent('par/2023/SNV'));

    // The CLI finds both workflows by their Phase search attribute (Year is an SQL word: it is quoted).
    const listed = execFileSync(
      process.env.TEMPORAL_CLI_PATH!,
      ['workflow', 'list', '--address', sys.temporal.address, '--namespace', sys.temporal.namespace, '--query', 'Phase="RANKING" AND `Year`=2023', '--output', 'json'],
      { encoding: 'utf8' },
    );
    const ids = (JSON.parse(listed) as { execution: { workflowId: string } }[]).map((w) => w.execution.workflowId).sort();
    expect(ids).toEqual(['par/2023/SNV', 'par/2023/STP']);

    const approve = await http.request('POST', `/api/v1/years/${YEAR}/approve`, { token: tokens.chutich });
    expect(approve.status).toBe(202);
    const published = await eventually(phasesAre('PUBLISHED'), 'both units published');
    expect(published.units).toHaveLength(2);

    const rows = await sys.database.db.assessment.findMany({ include: { unit: true }, orderBy: { rank: 'asc' } });
    // SNV: 3 + 2 + 1.5 = 6.5 of 8 applicable points (the survey leaf has no answers) = 81.25 %.
    // STP: nothing entered but 1.5 appraised on 1.1.1 = 1.5 of 8 = 18.75 %.
    expect(rows.map((r) => [r.unit.code, r.rank, r.points, r.maxPoints, r.indexPct])).toEqual([
      ['SNV', 1, 650, 800, 8125],
      ['STP', 2, 150, 800, 1875],
    ]);
  });
});
