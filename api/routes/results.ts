import { z } from 'zod';
import { resultsWorkbook } from '../../adapters/xlsx/results-workbook';
import { attachment } from '../http/content-disposition';
import { XLSX_TYPE } from './criteria-sets';
import { yearResults, type YearResults } from '../../services/results/read';
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
  cause: z.enum(['EXCLUDED', 'NO_RESULT', 'NO_INDEX']).meta({ description: 'EXCLUDED: loại khỏi xếp hạng; NO_RESULT: chưa có kết quả; NO_INDEX: không tính được chỉ số' }),
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

const RESULT_STATUSES = ['approved', 'published'];

/** The year's ranking as the routes send it: the domain's, with names and decimals. */
function rankingView(year: YearResults): z.infer<typeof groupSchema>[] {
  const names = new Map(year.units.map((u) => [u.results.unitCode, u.unitName]));
  const groupNames = new Map(year.units.map((u) => [u.results.groupCode, u.groupName]));
  return year.ranking.map((g) => ({
    groupCode: g.groupCode,
    groupName: groupNames.get(g.groupCode) ?? g.groupCode,
    ranked: g.ranked.map((u) => ({ rank: u.rank, unitCode: u.unitCode, unitName: names.get(u.unitCode) ?? u.unitCode, points: dec(u.points), max: dec(u.max), index: dec(u.index), classification: u.classification?.label ?? null })),
    unranked: g.unranked.map((u) => ({ unitCode: u.unitCode, unitName: names.get(u.unitCode) ?? u.unitCode, points: dec(u.points), max: dec(u.max), index: dec(u.index), cause: u.cause, reason: u.reason })),
  }));
}

/**
 * Ranking per unit group, computed by the results model (services/results → domain/results) from what
 * the database holds: provisional until the chair approves; published results are public.
 */
export function resultRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Kết quả');

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
      const y = await yearResults(db, year);
      if (!y) throw notFound(`Chưa có năm đánh giá ${year}.`);
      const ranked = await db.assessment.count({ where: { year, OR: [{ rank: { not: null } }, { points: { not: null } }] } });
      const final = RESULT_STATUSES.includes(y.status) && ranked > 0;
      return { year, title: y.title, status: y.status, provisional: !final, groups: rankingView(y) };
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
      const status = (await db.year.findUnique({ where: { year }, select: { status: true } }))?.status;
      // Until publication a year's results do not exist for the public, not even as "forbidden".
      if (status !== 'published') throw notFound(`Chưa công bố kết quả năm ${year}.`);
      const y = (await yearResults(db, year))!;
      res.setHeader('Cache-Control', 'public, max-age=300');
      return { year, title: y.title, status: y.status, provisional: false, groups: rankingView(y) };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/exports/results.xlsx',
      summary: 'Tải sổ kết quả (Excel): xếp hạng theo nhóm, ma trận đơn vị × lĩnh vực, bảng điểm từng đơn vị, giá trị từng vòng của mọi tiêu chí',
      access: { roles: ['secretariat', 'chair', 'viewer'] },
      params: z.strictObject({ year: yearParam }),
      responses: { 200: { description: 'Tệp Excel', contentType: XLSX_TYPE, headers: { 'Content-Disposition': 'attachment; filename*=UTF-8…' } } },
    },
    async ({ params: { year }, res }) => {
      const y = await yearResults(db, year);
      if (!y) throw notFound(`Chưa có năm đánh giá ${year}.`);
      const draft = !RESULT_STATUSES.includes(y.status);
      const file = await resultsWorkbook(y, { generatedAt: new Date(), draft });
      res.setHeader('Content-Type', XLSX_TYPE);
      res.setHeader('Content-Disposition', attachment(`Kết quả Chỉ số CCHC năm ${year}${draft ? ' (dự thảo)' : ''}.xlsx`));
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(file);
    },
  );

  return r;
}
