import { formatDateTimeVn } from '../../domain/calendar';
import { appendAudit } from '../../lib/audit';
import { Prisma, type Db } from '../../lib/db/prisma';
import { conflict, invalid, SurveyError, type SurveyErrorField } from '../../domain/surveys/errors';
import { formContext } from './form';
import { type AnswerOption } from '../../domain/surveys/options';
import { assertSurveyOpen } from '../../domain/surveys/window';
import { holdYear } from './year';

type Tx = Prisma.TransactionClient;

/**
 * Answers are saved as often as the respondent likes and resumed later, until the form is submitted —
 * once. Every write holds the respondent's row (one writer per form) and the year (so the survey
 * cannot close in the middle of it), and checks the window, the submission and each cell.
 */

export interface AnswerCell {
  questionId: string;
  unitId: string;
  /** null clears the cell (a blank, not counted). */
  option: AnswerOption | null;
}

/** Writes cells in two statements whatever their number; the last value for a cell wins. */
export async function writeAnswers(tx: Tx, respondentId: string, cells: readonly AnswerCell[]): Promise<{ saved: number; cleared: number }> {
  const byCell = new Map<string, AnswerCell>();
  for (const cell of cells) byCell.set(`${cell.questionId}/${cell.unitId}`, cell);
  const set = [...byCell.values()].filter((c) => c.option !== null);
  const clear = [...byCell.values()].filter((c) => c.option === null);
  if (set.length) {
    await tx.$executeRaw`
      INSERT INTO survey_answers (id, respondent_id, question_id, unit_id, option, updated_at)
      SELECT gen_random_uuid(), ${respondentId}::uuid, t.q, t.u, t.o, CURRENT_TIMESTAMP
      FROM unnest(${set.map((c) => c.questionId)}::uuid[], ${set.map((c) => c.unitId)}::uuid[], ${set.map((c) => c.option!)}::text[]) AS t(q, u, o)
      ON CONFLICT (respondent_id, question_id, unit_id) DO UPDATE SET option = EXCLUDED.option, updated_at = EXCLUDED.updated_at`;
  }
  if (clear.length) {
    await tx.$executeRaw`
      DELETE FROM survey_answers a USING unnest(${clear.map((c) => c.questionId)}::uuid[], ${clear.map((c) => c.unitId)}::uuid[]) AS t(q, u)
      WHERE a.respondent_id = ${respondentId}::uuid AND a.question_id = t.q AND a.unit_id = t.u`;
  }
  return { saved: set.length, cleared: clear.length };
}

async function holdRespondent(tx: Tx, respondentId: string): Promise<void> {
  await tx.$executeRaw`SELECT id FROM survey_respondents WHERE id = ${respondentId}::uuid FOR UPDATE`;
}

export function alreadySubmitted(serial: number, at: Date): SurveyError {
  return conflict('SURVEY_ALREADY_SUBMITTED', 'Phiếu đã được nộp', `Phiếu số ${serial} đã được nộp lúc ${formatDateTimeVn(at.getTime())}; mỗi mã chỉ nộp một lần và phiếu đã nộp không sửa được.`);
}

export interface AnswerEntry {
  questionId: string;
  /** The unit rated; or `allUnits` for the same answer about every unit of the questionnaire. */
  unitCode?: string;
  allUnits?: boolean;
  option: AnswerOption | null;
}

const TX = { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeout: 20_000 };

/** Saves some answers of a respondent's form (a draft); refused whole if any entry is not theirs to give. */
export async function saveAnswers(db: Db, respondentId: string, entries: readonly AnswerEntry[], now = Date.now()) {
  return db.$transaction(async (tx) => {
    await holdRespondent(tx, respondentId);
    const context = await formContext(tx, respondentId);
    const r = context.respondent;
    if (r.submittedAt) throw alreadySubmitted(r.serial, r.submittedAt);
    assertSurveyOpen(await holdYear(tx, r.year), now);

    const questions = new Map(context.questionnaires.flatMap((q) => q.questions.map((x) => [x.id, { question: x, questionnaire: q }] as const)));
    const errors: SurveyErrorField[] = [];
    let selfRating = false;
    const cells: AnswerCell[] = [];
    entries.forEach((entry, i) => {
      const field = `body.answers[${i}]`;
      const found = questions.get(entry.questionId);
      if (!found) return void errors.push({ field: `${field}.questionId`, message: 'Câu hỏi này không thuộc phiếu của bạn.' });
      const { question, questionnaire } = found;
      if (entry.allUnits) {
        for (const unit of questionnaire.units) cells.push({ questionId: question.id, unitId: unit.id, option: entry.option });
        return;
      }
      if (r.unit && entry.unitCode === r.unit.code) {
        selfRating = true;
        return void errors.push({ field: `${field}.unitCode`, message: `Câu hỏi ${question.code}: bạn không được đánh giá đơn vị của chính mình (${r.unit.name}).` });
      }
      const unit = questionnaire.units.find((u) => u.code === entry.unitCode);
      if (!unit) return void errors.push({ field: `${field}.unitCode`, message: `Câu hỏi ${question.code}: đơn vị ${entry.unitCode ?? ''} không nằm trong danh sách đơn vị được đánh giá của phiếu.` });
      cells.push({ questionId: question.id, unitId: unit.id, option: entry.option });
    });
    if (selfRating) throw new SurveyError(422, 'SELF_RATING', 'Không được tự đánh giá đơn vị mình', 'Người trả lời không được đánh giá đơn vị của chính mình; không câu trả lời nào được lưu.', errors);
    if (errors.length) throw invalid('Một số câu trả lời không hợp lệ; không câu trả lời nào được lưu.', errors);
    const written = await writeAnswers(tx, respondentId, cells);
    const total = await tx.surveyAnswer.count({ where: { respondentId } });
    return { ...written, answers: total };
  }, TX);
}

/** Submits the respondent's form: from then on their answers count and can no longer change. */
export async function submitForm(db: Db, respondentId: string, now = Date.now()) {
  return db.$transaction(async (tx) => {
    await holdRespondent(tx, respondentId);
    const r = await tx.surveyRespondent.findUniqueOrThrow({ where: { id: respondentId } });
    if (r.submittedAt) throw alreadySubmitted(r.serial, r.submittedAt);
    assertSurveyOpen(await holdYear(tx, r.year), now);
    const answers = await tx.surveyAnswer.count({ where: { respondentId } });
    if (answers === 0) throw invalid('Phiếu chưa có câu trả lời nào; hãy trả lời ít nhất một câu trước khi nộp.', [], 'EMPTY_FORM');
    const at = new Date(now);
    await tx.surveyRespondent.update({ where: { id: respondentId }, data: { submittedAt: at, submittedVia: 'online' } });
    await appendAudit(tx, {
      at,
      actor: `phieu-${r.serial}`,
      actorRole: 'survey_respondent',
      year: r.year,
      action: 'survey.submit',
      target: `phieu-${r.serial}`,
      after: { answers, via: 'online' },
    });
    return { serial: r.serial, submittedAt: at.toISOString(), answers };
  }, TX);
}
