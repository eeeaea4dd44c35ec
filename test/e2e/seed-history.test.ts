import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemo } from '../../dev/seed-demo';
import { seedHistory } from '../../dev/seed-history';
import { startApiSystem, type ApiSystem } from '../api/support/api-system';

/**
 * The first start's data: the demo province with its open year, and the finished previous year run
 * through the API and the workflows. It ends published with rankings, one unit excluded, and a second
 * run changes nothing.
 */
describe('the finished previous year of the demo', () => {
  let api: ApiSystem;
  const now = Date.now();
  const year = new Date(now).getUTCFullYear() - 2;

  beforeAll(async () => {
    api = await startApiSystem();
    await seedDemo(api.sys.database.db, api.sys.temporal.client, api.sys.config, now);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('runs through to a published ranking, then is left alone', async () => {
    const line = await seedHistory({ baseUrl: api.baseUrl, year, now });
    expect(line).toContain(`năm ${year} đã thẩm định, phê duyệt và công bố`);

    const results = await api.http.request('GET', `/api/v1/public/years/${year}/results`);
    expect(results.status).toBe(200);
    expect(results.body.provisional).toBe(false);
    const ranked = results.body.groups.flatMap((g: any) => g.ranked.map((u: any) => u.unitCode));
    expect(results.body.groups.map((g: any) => g.groupCode)).toEqual(['SO_NGANH', 'HUYEN']);
    expect(ranked).toHaveLength(25);
    expect(ranked).not.toContain('BQLKCN');
    for (const g of results.body.groups) expect(g.ranked.map((u: any) => u.rank)).toEqual(g.ranked.map((_: unknown, i: number) => i + 1));

    const db = api.sys.database.db;
    const phases = await db.assessment.groupBy({ by: ['phase'], where: { year }, _count: true });
    expect(Object.fromEntries(phases.map((p) => [p.phase, p._count]))).toEqual({ PUBLISHED: 25, EXCLUDED: 1 });
    // The planted cases are there: a cut by the field-3 member, an explanation decided in round 2.
    const ids = (await db.assessment.findMany({ where: { year }, select: { id: true } })).map((a) => a.id);
    const audit = await db.auditEntry.groupBy({ by: ['action'], where: { assessmentId: { in: ids } }, _count: true });
    const count = (action: string) => audit.find((a) => a.action === action)?._count ?? 0;
    expect(count('appraisal.round1.adjust')).toBeGreaterThan(0);
    expect(count('appraisal.round1.explain')).toBe(1);
    expect(count('appraisal.round2.upheld')).toBe(1);

    const before = await db.auditEntry.count();
    expect(await seedHistory({ baseUrl: api.baseUrl, year, now })).toBe(`Dữ liệu mẫu: năm ${year} đã công bố`);
    expect(await db.auditEntry.count()).toBe(before);
    // Some 1,500 drafts and 1,400 workflow updates: minutes on two cores, longer on a loaded machine.
  }, 1_800_000);
});
