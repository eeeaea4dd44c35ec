import { formatDateTimeVn } from '../../domain/calendar';
import type { Db, Prisma } from '../../lib/db/prisma';
import { describeOptions } from '../../domain/surveys/options';
import { surveyWindow } from '../../domain/surveys/window';
import { loadYear, type YearRow } from './year';

type Tx = Db | Prisma.TransactionClient;

/**
 * What one respondent is asked: for each questionnaire of their group, its questions about every
 * active unit of the target group except their own unit.
 */
export interface FormQuestionnaire {
  id: string;
  title: string;
  intro: string | null;
  optionLabels: unknown;
  targetGroupCode: string;
  targetGroupName: string;
  questions: { id: string; code: string; text: string; leafCode: string }[];
  units: { id: string; code: string; name: string }[];
}

export interface FormContext {
  respondent: {
    id: string;
    year: number;
    serial: number;
    anonymous: boolean;
    fullName: string | null;
    submittedAt: Date | null;
    submittedVia: string | null;
    unit: { id: string; code: string; name: string } | null;
    group: { id: string; code: string; name: string };
  };
  questionnaires: FormQuestionnaire[];
}

export async function formContext(db: Tx, respondentId: string): Promise<FormContext> {
  const r = await db.surveyRespondent.findUniqueOrThrow({
    where: { id: respondentId },
    include: {
      unit: { select: { id: true, code: true, name: true } },
      respondentGroup: {
        select: {
          id: true,
          code: true,
          name: true,
          questionnaires: {
            include: { questions: { orderBy: { position: 'asc' } }, targetGroup: { include: { units: { where: { active: true }, select: { id: true, code: true, name: true } } } } },
            orderBy: { targetGroup: { order: 'asc' } },
          },
        },
      },
    },
  });
  return {
    respondent: {
      id: r.id,
      year: r.year,
      serial: r.serial,
      anonymous: r.anonymous,
      fullName: r.fullName,
      submittedAt: r.submittedAt,
      submittedVia: r.submittedVia,
      unit: r.unit,
      group: { id: r.respondentGroup.id, code: r.respondentGroup.code, name: r.respondentGroup.name },
    },
    questionnaires: r.respondentGroup.questionnaires.map((q) => ({
      id: q.id,
      title: q.title,
      intro: q.intro,
      optionLabels: q.optionLabels,
      targetGroupCode: q.targetGroup.code,
      targetGroupName: q.targetGroup.name,
      questions: q.questions.map((x) => ({ id: x.id, code: x.code, text: x.text, leafCode: x.leafCode })),
      units: q.targetGroup.units.filter((u) => u.id !== r.unitId).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    })),
  };
}

/** The respondent's own form with their saved answers, as the respondent sees it. */
export async function respondentForm(db: Db, respondentId: string, now = Date.now()) {
  const context = await formContext(db, respondentId);
  const year: YearRow = await loadYear(db, context.respondent.year);
  const window = surveyWindow(year, now);
  const answers = await db.surveyAnswer.findMany({ where: { respondentId }, include: { unit: { select: { code: true } } } });
  const r = context.respondent;
  return {
    year: r.year,
    serial: r.serial,
    respondentGroup: { code: r.group.code, name: r.group.name },
    fullName: r.fullName,
    ownUnit: r.unit ? { code: r.unit.code, name: r.unit.name } : null,
    state: window.state,
    closesAt: new Date(window.closesAt).toISOString(),
    closesAtText: formatDateTimeVn(window.closesAt),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    questionnaires: context.questionnaires.map((q) => ({
      id: q.id,
      title: q.title,
      intro: q.intro,
      targetGroup: { code: q.targetGroupCode, name: q.targetGroupName },
      options: describeOptions(year.config, q.optionLabels).map(({ option, label, counted }) => ({ option, label, counted })),
      questions: q.questions.map(({ id, code, text }) => ({ id, code, text })),
      units: q.units.map(({ code, name }) => ({ code, name })),
    })),
    answers: answers
      .map((a) => ({ questionId: a.questionId, unitCode: a.unit.code, option: a.option }))
      .sort((a, b) => a.questionId.localeCompare(b.questionId) || a.unitCode.localeCompare(b.unitCode)),
  };
}
