import { Router } from 'express';
import { z } from 'zod';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import { defaultYearConfig, validateYearConfig, type YearConfig } from '../../domain/year-config';
import { recordAudit } from '../../lib/audit';
import { Prisma } from '../../lib/db/prisma';
import { requireRole } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { conflict, notFound, unprocessable } from '../problem';
import { startYear } from '../services/start-year';
import { codeParam, parseBody, parseParams, text, yearParam } from '../validate';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày có dạng YYYY-MM-DD');
const configBody = z.strictObject({
  deadlines: z.strictObject({
    selfAssessment: isoDate,
    surveyClose: isoDate,
    appraisalRound1: isoDate,
    appraisalRound2: isoDate,
    reportToChair: isoDate,
  }),
  reminderDaysBefore: z.array(z.number().int()).max(10),
  explanationWindowDays: z.number().int(),
  disputeRounds: z.number().int(),
});

const createYearBody = z.strictObject({
  year: yearParam,
  title: text(300),
  config: configBody.optional(),
});

export function yearsRouter({ db, temporal, config }: ApiDeps): Router {
  const router = Router();
  const secretariat = requireRole('secretariat');

  router.post('/years', secretariat, async (req, res) => {
    const body = parseBody(createYearBody, req);
    const yearConfig: YearConfig = body.config ?? defaultYearConfig(body.year);
    const issues = validateYearConfig(yearConfig);
    if (issues.length) throw unprocessable('Cấu hình năm không hợp lệ.', issues.map((i) => ({ field: `body.config.${i.field}`, message: i.message })));
    try {
      const created = await db.year.create({ data: { year: body.year, title: body.title, config: yearConfig as unknown as Prisma.InputJsonValue } });
      await recordAudit(db, { at: new Date(), actor: req.principal!.username, actorRole: req.principal!.role, year: body.year, action: 'year.create', target: String(body.year), after: { title: body.title, config: yearConfig } });
      res.status(201).location(`/api/v1/years/${created.year}`).json({ year: created.year, title: created.title, status: created.status, config: created.config });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(`Năm đánh giá ${body.year} đã tồn tại.`, 'YEAR_EXISTS');
      throw error;
    }
  });

  router.put('/years/:year/criteria-sets/:groupCode', secretariat, async (req, res) => {
    const { year, groupCode } = parseParams(z.strictObject({ year: yearParam, groupCode: codeParam }), req);
    const parsed = parseCriteriaSet(req.body);
    if (!parsed.ok) {
      throw unprocessable('Bộ tiêu chí không hợp lệ.', parsed.issues.map((i) => ({ field: `body.${i.path ?? ''}`, message: i.message })), 'CRITERIA_SET_INVALID');
    }
    const set = parsed.value;
    if (set.year !== year || set.groupCode !== groupCode) {
      throw unprocessable(`Bộ tiêu chí ghi năm ${set.year}, nhóm ${set.groupCode}; không khớp với đường dẫn (năm ${year}, nhóm ${groupCode}).`);
    }
    const [yearRow, group] = await Promise.all([db.year.findUnique({ where: { year } }), db.unitGroup.findUnique({ where: { code: groupCode } })]);
    if (!yearRow) throw notFound(`Chưa có năm đánh giá ${year}.`);
    if (!group) throw notFound(`Không có nhóm đơn vị ${groupCode}.`);
    if (yearRow.status !== 'setup') throw conflict(`Năm ${year} đã khởi động; không thể thay bộ tiêu chí.`, 'YEAR_STARTED');
    const data = { title: set.title, sample: set.sample, scale: set.scale, tree: set as unknown as Prisma.InputJsonValue };
    await db.criteriaSet.upsert({ where: { year_groupId: { year, groupId: group.id } }, create: { year, groupId: group.id, ...data }, update: data });
    await recordAudit(db, { at: new Date(), actor: req.principal!.username, actorRole: req.principal!.role, year, action: 'criteria-set.import', target: groupCode, after: { title: set.title, scale: set.scale } });
    res.status(200).json({ year, groupCode, title: set.title, scale: set.scale, sample: set.sample });
  });

  router.post('/years/:year/start', secretariat, async (req, res) => {
    const { year } = parseParams(z.strictObject({ year: yearParam }), req);
    const started = await startYear(db, temporal, config.temporal.taskQueue, year, req.principal!.username);
    res.status(202).json(started);
  });

  return router;
}
