import type { Db } from '../../lib/db/prisma';
import { DEFAULT_REVIEW_OPTIONS, reviewFlags, type ReviewForm, type ReviewOptions } from '../../domain/surveys/honesty';
import { weightsOf } from '../../domain/surveys/options';
import { loadYear } from './year';

/** The review list of a year's submitted forms (domain/surveys/honesty.ts says what is flagged and why). */
export async function surveyReview(db: Db, year: number, options: ReviewOptions = DEFAULT_REVIEW_OPTIONS) {
  const yearRow = await loadYear(db, year);
  const respondents = await db.surveyRespondent.findMany({
    where: { year, submittedAt: { not: null } },
    include: {
      respondentGroup: { select: { code: true } },
      unit: { select: { code: true, group: { select: { code: true } } } },
      answers: { include: { unit: { select: { code: true, group: { select: { code: true } } } } } },
    },
    orderBy: { serial: 'asc' },
  });
  const forms: ReviewForm[] = respondents.map((r) => ({
    serial: r.serial,
    respondentGroup: r.respondentGroup.code,
    unitCode: r.unit?.code ?? null,
    unitGroupCode: r.unit?.group.code ?? null,
    answers: r.answers.map((a) => ({ questionId: a.questionId, unitCode: a.unit.code, unitGroupCode: a.unit.group.code, option: a.option })),
  }));
  return {
    year,
    formsReviewed: forms.length,
    note: 'Danh sách để Sở Nội vụ xem xét; không đơn vị nào bị tự động loại khỏi đánh giá, xếp hạng.',
    options,
    flags: reviewFlags(forms, weightsOf(yearRow.config), options),
  };
}
