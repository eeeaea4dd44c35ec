import { formatDateTimeVn } from '../../domain/calendar';
import { appendAudit } from '../../lib/audit';
import { Prisma, type Db } from '../../lib/db/prisma';
import { alreadySubmitted, writeAnswers, type AnswerCell } from './answers';
import type { Actor } from './design';
import { invalid } from '../../domain/surveys/errors';
import { formContext, type FormContext } from './form';
import { describeOptions } from '../../domain/surveys/options';
import { assertSurveyOpen } from '../../domain/surveys/window';
import { holdYear, loadYear } from './year';
import { at } from '../../adapters/xlsx/cells';
import { paperWorkbook, readPaperXlsx, type PaperTemplateRow } from '../../adapters/xlsx/paper-forms';

/**
 * Paper forms. Sở Nội vụ downloads a template with one row per respondent × unit × question for the
 * forms not yet submitted, types in the answers from the paper, and uploads it. A file with any invalid
 * cell is refused whole, each problem named by row and column; a valid file records every form in it
 * as submitted on paper.
 */

/** The template for the year's forms not yet submitted (of one respondent group, or all). */
export async function paperTemplate(db: Db, year: number, respondentGroup?: string): Promise<Buffer> {
  const yearRow = await loadYear(db, year);
  const respondents = await db.surveyRespondent.findMany({
    where: { year, submittedAt: null, ...(respondentGroup ? { respondentGroup: { code: respondentGroup } } : {}) },
    select: { id: true },
    orderBy: { serial: 'asc' },
  });
  const rows: PaperTemplateRow[] = [];
  for (const { id } of respondents) {
    const form = await formContext(db, id);
    for (const q of form.questionnaires) {
      for (const unit of q.units) {
        for (const question of q.questions) {
          rows.push({ serial: form.respondent.serial, respondentGroup: form.respondent.group.code, unitCode: unit.code, unitName: unit.name, questionCode: question.code, questionText: question.text });
        }
      }
    }
  }
  return paperWorkbook(rows, [
    `Nhập phiếu điều tra xã hội học giấy năm ${year}: mỗi dòng là câu trả lời của một phiếu (Số phiếu) về một đơn vị cho một câu hỏi.`,
    'Chỉ điền cột G: một chữ A, B, C, D hoặc E; để trống nếu người trả lời bỏ trống câu đó. Không sửa các cột khác, không thêm dòng trùng.',
    'Các phương án và trọng số năm nay:',
    ...describeOptions(yearRow.config).map((o) => `  ${o.option}: ${o.label} — ${o.counted ? `tính ${o.weight}%` : 'không tính điểm'}`),
    'Mọi phiếu có trong tệp được ghi nhận là đã nộp bằng phiếu giấy (kể cả dòng để trống). Tệp có lỗi bị từ chối toàn bộ; mỗi lỗi ghi rõ dòng và cột.',
  ]);
}

/** Imports a filled-in template: every form in it, or none. */
export async function importPaperForms(db: Db, actor: Actor, year: number, data: Buffer | Uint8Array, now = Date.now()) {
  assertSurveyOpen(await loadYear(db, year), now);
  const { rows, errors } = await readPaperXlsx(data);
  const fail = (row: number, column: string, message: string) => errors.push({ field: 'file', row, column, message: at(row, column, message) });
  const serials = [...new Set(rows.map((r) => r.serial))];
  const respondents = await db.surveyRespondent.findMany({ where: { year, serial: { in: serials } }, select: { id: true, serial: true } });
  const idOf = new Map(respondents.map((r) => [r.serial, r.id]));
  const forms = new Map<number, FormContext>();
  for (const [serial, id] of idOf) forms.set(serial, await formContext(db, id));
  const cells = new Map<number, AnswerCell[]>();
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const form = forms.get(r.serial);
    if (!form) {
      fail(r.row, 'A', `không có phiếu số ${r.serial} trong năm ${year}.`);
      continue;
    }
    const { respondent } = form;
    if (respondent.submittedAt) {
      fail(r.row, 'A', `phiếu số ${r.serial} đã được nộp (${respondent.submittedVia === 'paper' ? 'phiếu giấy' : 'trực tuyến'}) lúc ${formatDateTimeVn(respondent.submittedAt.getTime())}; không nhập lại.`);
      continue;
    }
    if (respondent.unit?.code === r.unitCode) {
      fail(r.row, 'C', `phiếu số ${r.serial} là của người thuộc đơn vị ${r.unitCode}; người trả lời không được đánh giá đơn vị của chính mình.`);
      continue;
    }
    const questionnaire = form.questionnaires.find((q) => q.units.some((u) => u.code === r.unitCode));
    if (!questionnaire) {
      fail(r.row, 'C', `đơn vị ${r.unitCode} không nằm trong các đơn vị phiếu số ${r.serial} (nhóm ${respondent.group.code}) đánh giá.`);
      continue;
    }
    const question = questionnaire.questions.find((q) => q.code === r.questionCode);
    if (!question) {
      fail(r.row, 'E', `không có câu hỏi mã ${r.questionCode} trong phiếu của nhóm ${respondent.group.code} về nhóm đơn vị ${questionnaire.targetGroupCode}.`);
      continue;
    }
    const key = `${r.serial}/${r.unitCode}/${r.questionCode}`;
    const seen = firstRow.get(key);
    if (seen !== undefined) {
      fail(r.row, 'E', `trùng phiếu số, đơn vị và câu hỏi với dòng ${seen}.`);
      continue;
    }
    firstRow.set(key, r.row);
    const unit = questionnaire.units.find((u) => u.code === r.unitCode)!;
    const list = cells.get(r.serial) ?? [];
    list.push({ questionId: question.id, unitId: unit.id, option: r.option });
    cells.set(r.serial, list);
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
    throw invalid(`Tệp phiếu giấy có ${errors.length} lỗi; không phiếu nào được nhập.`, errors.slice(0, 500), 'PAPER_FORMS_INVALID');
  }

  return db.$transaction(
    async (tx) => {
      assertSurveyOpen(await holdYear(tx, year), now);
      const when = new Date(now);
      let answers = 0;
      for (const [serial, list] of cells) {
        const id = idOf.get(serial)!;
        await tx.$executeRaw`SELECT id FROM survey_respondents WHERE id = ${id}::uuid FOR UPDATE`;
        const current = await tx.surveyRespondent.findUniqueOrThrow({ where: { id } });
        if (current.submittedAt) throw alreadySubmitted(serial, current.submittedAt);
        await tx.surveyAnswer.deleteMany({ where: { respondentId: id } });
        answers += (await writeAnswers(tx, id, list.filter((c) => c.option !== null))).saved;
        await tx.surveyRespondent.update({ where: { id }, data: { submittedAt: when, submittedVia: 'paper' } });
      }
      const formsIn = [...cells.keys()].sort((a, b) => a - b);
      await appendAudit(tx, { at: when, actor: actor.username, actorRole: actor.role, year, action: 'survey.paper-import', target: String(year), after: { forms: formsIn, answers } });
      return { forms: formsIn.length, serials: formsIn, answers };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeout: 60_000 },
  );
}
