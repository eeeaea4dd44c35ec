import { appendAudit } from '../../lib/audit';
import { Prisma, type Db } from '../../lib/db/prisma';
import { conflict, invalid, missing } from '../../domain/surveys/errors';
import { DEFAULT_OPTION_LABELS, optionLabelsOf, type AnswerOption } from '../../domain/surveys/options';
import { surveyLeaves, validateQuestionnaire, type QuestionDraft } from '../../domain/surveys/validate-questionnaire';
import { loadYear, yearSets } from './year';

/**
 * The design of a year's sociological survey, kept by Sở Nội vụ: respondent groups, and for each unit
 * group a respondent group rates, a questionnaire whose questions each feed one survey-scored leaf.
 */

export interface Actor {
  username: string;
  role?: string;
}

const EDITABLE_STATUSES = ['setup', 'running'];

async function editableYear(db: Db, year: number) {
  const row = await loadYear(db, year);
  if (!EDITABLE_STATUSES.includes(row.status)) {
    throw conflict('SURVEY_CLOSED', 'Điều tra xã hội học đã kết thúc', `Năm ${year} đã qua giai đoạn điều tra xã hội học; không thể sửa thiết kế khảo sát.`);
  }
  return row;
}

export interface RespondentGroupInput {
  name: string;
  order?: number;
}

export async function saveRespondentGroup(db: Db, actor: Actor, year: number, code: string, input: RespondentGroupInput) {
  await editableYear(db, year);
  return db.$transaction(async (tx) => {
    const before = await tx.surveyRespondentGroup.findUnique({ where: { year_code: { year, code } } });
    const saved = await tx.surveyRespondentGroup.upsert({
      where: { year_code: { year, code } },
      create: { year, code, name: input.name, order: input.order ?? 0 },
      update: { name: input.name, ...(input.order !== undefined ? { order: input.order } : {}) },
    });
    await appendAudit(tx, {
      at: new Date(),
      actor: actor.username,
      actorRole: actor.role,
      year,
      action: 'survey.respondent-group.save',
      target: code,
      before: before ? { name: before.name, order: before.order } : null,
      after: { name: saved.name, order: saved.order },
    });
    return { code: saved.code, name: saved.name, order: saved.order, created: before === null };
  });
}

export interface QuestionnaireInput {
  title: string;
  intro?: string | null;
  optionLabels?: Partial<Record<AnswerOption, string>> | null;
  questions: QuestionDraft[];
}

async function groupOf(db: Db | Prisma.TransactionClient, year: number, code: string) {
  const group = await db.surveyRespondentGroup.findUnique({ where: { year_code: { year, code } } });
  if (!group) throw missing(`Chưa có nhóm người trả lời ${code} trong năm ${year}.`);
  return group;
}

async function answersOf(db: Db | Prisma.TransactionClient, questionnaireId: string): Promise<number> {
  return db.surveyAnswer.count({ where: { question: { questionnaireId } } });
}

/** Creates or replaces the questionnaire a respondent group answers about a unit group; refused whole if invalid. */
export async function saveQuestionnaire(db: Db, actor: Actor, year: number, groupCode: string, targetGroupCode: string, input: QuestionnaireInput) {
  await editableYear(db, year);
  const group = await groupOf(db, year, groupCode);
  const target = await db.unitGroup.findUnique({ where: { code: targetGroupCode } });
  if (!target) throw missing(`Không có nhóm đơn vị ${targetGroupCode}.`);
  const sets = await yearSets(db, year);
  const issues = validateQuestionnaire({ targetGroupCode, questions: input.questions }, new Map([...sets].map(([code, s]) => [code, s.set])));
  if (issues.length) {
    throw invalid(
      `Phiếu khảo sát của nhóm ${groupCode} về nhóm đơn vị ${targetGroupCode} chưa hợp lệ (${issues.length} lỗi).`,
      issues.map((i) => ({ field: `body.${i.field}`, message: i.message })),
      'QUESTIONNAIRE_INVALID',
    );
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.surveyQuestionnaire.findUnique({
      where: { respondentGroupId_targetGroupId: { respondentGroupId: group.id, targetGroupId: target.id } },
      include: { questions: { orderBy: { position: 'asc' } } },
    });
    if (existing && (await answersOf(tx, existing.id)) > 0) {
      throw conflict('QUESTIONNAIRE_IN_USE', 'Phiếu khảo sát đã có câu trả lời', `Phiếu khảo sát của nhóm ${groupCode} về nhóm đơn vị ${targetGroupCode} đã có người trả lời; không thể sửa câu hỏi.`);
    }
    const data = {
      title: input.title,
      intro: input.intro ?? null,
      optionLabels: (input.optionLabels ?? undefined) as Prisma.InputJsonValue | undefined,
    };
    const questionnaire = existing
      ? await tx.surveyQuestionnaire.update({ where: { id: existing.id }, data: { ...data, optionLabels: data.optionLabels ?? Prisma.DbNull } })
      : await tx.surveyQuestionnaire.create({ data: { respondentGroupId: group.id, targetGroupId: target.id, ...data } });
    if (existing) await tx.surveyQuestion.deleteMany({ where: { questionnaireId: existing.id } });
    await tx.surveyQuestion.createMany({
      data: input.questions.map((q, position) => ({ questionnaireId: questionnaire.id, position, code: q.code, text: q.text, leafCode: q.leafCode!.trim() })),
    });
    await appendAudit(tx, {
      at: new Date(),
      actor: actor.username,
      actorRole: actor.role,
      year,
      action: 'survey.questionnaire.save',
      target: `${groupCode}/${targetGroupCode}`,
      before: existing ? { title: existing.title, questions: existing.questions.map((q) => [q.code, q.leafCode]) } : null,
      after: { title: input.title, questions: input.questions.map((q) => [q.code, q.leafCode]) },
    });
    return questionnaireView(await tx.surveyQuestionnaire.findUniqueOrThrow({ where: { id: questionnaire.id }, include: { questions: { orderBy: { position: 'asc' } }, targetGroup: true, respondentGroup: true } }));
  });
}

export async function deleteQuestionnaire(db: Db, actor: Actor, year: number, groupCode: string, targetGroupCode: string): Promise<void> {
  await editableYear(db, year);
  const group = await groupOf(db, year, groupCode);
  await db.$transaction(async (tx) => {
    const existing = await tx.surveyQuestionnaire.findFirst({ where: { respondentGroupId: group.id, targetGroup: { code: targetGroupCode } } });
    if (!existing) throw missing(`Nhóm ${groupCode} chưa có phiếu khảo sát về nhóm đơn vị ${targetGroupCode}.`);
    if ((await answersOf(tx, existing.id)) > 0) {
      throw conflict('QUESTIONNAIRE_IN_USE', 'Phiếu khảo sát đã có câu trả lời', `Phiếu khảo sát của nhóm ${groupCode} về nhóm đơn vị ${targetGroupCode} đã có người trả lời; không thể xóa.`);
    }
    await tx.surveyQuestionnaire.delete({ where: { id: existing.id } });
    await appendAudit(tx, { at: new Date(), actor: actor.username, actorRole: actor.role, year, action: 'survey.questionnaire.delete', target: `${groupCode}/${targetGroupCode}` });
  });
}

type QuestionnaireRow = Prisma.SurveyQuestionnaireGetPayload<{ include: { questions: true; targetGroup: true; respondentGroup: true } }>;

export function questionnaireView(q: QuestionnaireRow) {
  return {
    id: q.id,
    respondentGroup: q.respondentGroup.code,
    targetGroup: q.targetGroup.code,
    targetGroupName: q.targetGroup.name,
    title: q.title,
    intro: q.intro,
    optionLabels: optionLabelsOf(q.optionLabels),
    questions: [...q.questions].sort((a, b) => a.position - b.position).map((x) => ({ id: x.id, code: x.code, text: x.text, leafCode: x.leafCode })),
  };
}

/**
 * The whole design of a year: respondent groups with their questionnaires, each re-validated against
 * the criteria sets as they are now, and the survey-scored leaves no question feeds yet.
 */
export async function surveyDesign(db: Db, year: number) {
  const yearRow = await loadYear(db, year);
  const sets = await yearSets(db, year);
  const setsByCode = new Map([...sets].map(([code, s]) => [code, s.set]));
  const groups = await db.surveyRespondentGroup.findMany({
    where: { year },
    orderBy: [{ order: 'asc' }, { code: 'asc' }],
    include: { questionnaires: { include: { questions: true, targetGroup: true, respondentGroup: true }, orderBy: { targetGroup: { order: 'asc' } } }, _count: { select: { respondents: true } } },
  });
  const fed = new Map<string, Set<string>>();
  const respondentGroups = groups.map((g) => ({
    code: g.code,
    name: g.name,
    order: g.order,
    respondents: g._count.respondents,
    questionnaires: g.questionnaires.map((q) => {
      const view = questionnaireView(q);
      for (const question of view.questions) {
        const leaves = fed.get(view.targetGroup) ?? new Set<string>();
        leaves.add(question.leafCode);
        fed.set(view.targetGroup, leaves);
      }
      const issues = validateQuestionnaire({ targetGroupCode: view.targetGroup, questions: view.questions }, setsByCode);
      return { ...view, issues };
    }),
  }));
  const unfedLeaves = [...sets.values()].flatMap((s) =>
    surveyLeaves(s.set)
      .filter((leaf) => !fed.get(s.groupCode)?.has(leaf.code))
      .map((leaf) => ({ groupCode: s.groupCode, leafCode: leaf.code, title: leaf.title })),
  );
  return { year, status: yearRow.status, defaultOptionLabels: DEFAULT_OPTION_LABELS, respondentGroups, unfedLeaves };
}
