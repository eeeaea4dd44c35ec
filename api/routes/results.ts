import { z } from 'zod';
import { rankUnits, type RankingEntry } from '../../domain/ranking/rank';
import { classificationOf, type YearConfig } from '../../domain/year-config';
import { scoreAssessment } from '../../services/scoring/assessment-score';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { notFound } from '../problem';
import { dec } from '../assessment-view';
import { yearParam } from '../validate';

const rankedSchema = z.object({
  rank: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  points: z.number().nullable(),
  max: z.number().nullable(),
  index: z.number().nullable().meta({ description: 'Chỉ số (%)' }),
  classification: z.string().nullable(),
});
const unrankedSchema = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  points: z.number().nullable(),
  max: z.number().nullable(),
  index: z.number().nullable(),
  cause: z.enum(['EXCLUDED', 'NO_INDEX']),
  reason: z.string(),
});
const groupSchema = z.object({ groupCode: z.string(), groupName: z.string(), ranked: z.array(rankedSchema), unranked: z.array(unrankedSchema) });
const resultsSchema = z.object({
  year: z.number().int(),
  title: z.string(),
  status: z.string(),
  provisional: z.boolean().meta({ description: 'true: tính tạm từ số liệu hiện có, chưa phê duyệt' }),
  groups: z.array(groupSchema),
});

const NO_INDEX_REASON = 'Không có tiêu chí nào áp dụng cho đơn vị nên không tính được chỉ số.';
const RESULT_STATUSES = ['approved', 'published'];

/**
 * Ranking per unit group: provisional (scored live through the domain) until the chair approves,
 * then the stored results; published results are public.
 */
export function resultRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Kết quả');

  const groupsMeta = async () => new Map((await db.unitGroup.findMany({ select: { code: true, name: true, order: true } })).map((g) => [g.code, g]));

  /** The results stored by the ranking step, per group in the groups' order. */
  const stored = async (year: number) => {
    const [rows, meta] = await Promise.all([
      db.assessment.findMany({ where: { year }, include: { unit: { select: { code: true, name: true } }, group: { select: { code: true } } } }),
      groupsMeta(),
    ]);
    const byGroup = new Map<string, z.infer<typeof groupSchema>>();
    for (const a of rows) {
      const g = byGroup.get(a.group.code) ?? { groupCode: a.group.code, groupName: meta.get(a.group.code)?.name ?? a.group.code, ranked: [], unranked: [] };
      byGroup.set(a.group.code, g);
      const base = { unitCode: a.unit.code, unitName: a.unit.name, points: dec(a.points), max: dec(a.maxPoints), index: dec(a.indexPct) };
      if (a.excluded) g.unranked.push({ ...base, cause: 'EXCLUDED', reason: a.exclusionReason ?? 'Thiếu trung thực' });
      else if (a.rank === null) g.unranked.push({ ...base, cause: 'NO_INDEX', reason: NO_INDEX_REASON });
      else g.ranked.push({ ...base, rank: a.rank, classification: a.classification });
    }
    const collator = new Intl.Collator('vi', { numeric: true });
    for (const g of byGroup.values()) {
      g.ranked.sort((x, y) => x.rank - y.rank || collator.compare(x.unitCode, y.unitCode));
      g.unranked.sort((x, y) => collator.compare(x.unitCode, y.unitCode));
    }
    return [...byGroup.values()].sort((x, y) => (meta.get(x.groupCode)?.order ?? 0) - (meta.get(y.groupCode)?.order ?? 0) || collator.compare(x.groupCode, y.groupCode));
  };

  /** Every unit scored now from what the database holds, ranked through the domain. */
  const provisional = async (year: number, config: YearConfig) => {
    const [rows, meta] = await Promise.all([
      db.assessment.findMany({ where: { year }, select: { id: true, excluded: true, exclusionReason: true, unit: { select: { code: true, name: true } }, group: { select: { code: true } } } }),
      groupsMeta(),
    ]);
    const names = new Map(rows.map((a) => [a.unit.code, a.unit.name]));
    const entries: RankingEntry[] = [];
    for (const a of rows) {
      const score = await scoreAssessment(db, a.id);
      entries.push({
        unitCode: a.unit.code,
        groupCode: a.group.code,
        index: score.index,
        points: score.points,
        max: score.max,
        ...(a.excluded ? { exclusion: { reason: a.exclusionReason ?? 'Thiếu trung thực' } } : {}),
      });
    }
    return rankUnits(entries, classificationOf(config))
      .map((g) => ({
        groupCode: g.groupCode,
        groupName: meta.get(g.groupCode)?.name ?? g.groupCode,
        ranked: g.ranked.map((u) => ({ rank: u.rank, unitCode: u.unitCode, unitName: names.get(u.unitCode) ?? u.unitCode, points: dec(u.points), max: dec(u.max), index: dec(u.index), classification: u.classification?.label ?? null })),
        unranked: g.unranked.map((u) => ({ unitCode: u.unitCode, unitName: names.get(u.unitCode) ?? u.unitCode, points: dec(u.points), max: dec(u.max), index: dec(u.index), cause: u.cause, reason: u.reason })),
      }))
      .sort((x, y) => (meta.get(x.groupCode)?.order ?? 0) - (meta.get(y.groupCode)?.order ?? 0));
  };

  r.route(
    {
      method: 'get',
      path: '/years/:year/ranking',
      summary: 'Xếp hạng theo nhóm đơn vị (tạm tính cho đến khi được phê duyệt)',
      access: { roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
      params: z.strictObject({ year: yearParam }),
      responses: { 200: { description: 'Xếp hạng', schema: resultsSchema } },
    },
    async ({ params: { year } }) => {
      const y = await db.year.findUnique({ where: { year } });
      if (!y) throw notFound(`Chưa có năm đánh giá ${year}.`);
      const ranked = await db.assessment.count({ where: { year, OR: [{ rank: { not: null } }, { points: { not: null } }] } });
      const final = RESULT_STATUSES.includes(y.status) && ranked > 0;
      return {
        year,
        title: y.title,
        status: y.status,
        provisional: !final,
        groups: final ? await stored(year) : await provisional(year, y.config as unknown as YearConfig),
      };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/public/years',
      summary: 'Các năm đã công bố kết quả (công khai)',
      access: { public: true },
      responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(z.object({ year: z.number().int(), title: z.string() })) }) } },
    },
    async () => ({ items: (await db.year.findMany({ where: { status: 'published' }, orderBy: { year: 'desc' }, select: { year: true, title: true } })) }),
  );

  r.route(
    {
      method: 'get',
      path: '/public/years/:year/results',
      summary: 'Kết quả Chỉ số CCHC đã công bố (công khai)',
      access: { public: true },
      params: z.strictObject({ year: yearParam }),
      responses: { 200: { description: 'Kết quả', schema: resultsSchema } },
    },
    async ({ params: { year }, res }) => {
      const y = await db.year.findUnique({ where: { year } });
      // Until publication a year's results do not exist for the public, not even as "forbidden".
      if (!y || y.status !== 'published') throw notFound(`Chưa công bố kết quả năm ${year}.`);
      res.setHeader('Cache-Control', 'public, max-age=300');
      return { year, title: y.title, status: y.status, provisional: false, groups: await stored(year) };
    },
  );

  return r;
}
