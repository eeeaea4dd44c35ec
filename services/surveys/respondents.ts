import { appendAudit } from '../../lib/audit';
import type { Db, Prisma } from '../../lib/db/prisma';
import type { Mailer } from '../../lib/mail/mailer';
import { codeHash, newCode } from './codes';
import type { Actor } from './design';
import { conflict, invalid, missing } from '../../domain/surveys/errors';
import { invitationMail } from './mail-texts';
import { surveyWindow } from '../../domain/surveys/window';
import { loadYear, lockSerials } from './year';

/**
 * Respondents of a year's survey. Sở Nội vụ registers named respondents (with an e-mail where known)
 * or issues anonymous codes for printed invitations. Every respondent gets a form number (serial);
 * a code is handed out once — by e-mail or for printing — and only its hash is kept, so a lost code
 * is replaced by a new one, never read back.
 */

type Tx = Prisma.TransactionClient;

async function respondentGroupOf(tx: Tx | Db, year: number, code: string) {
  const group = await tx.surveyRespondentGroup.findUnique({ where: { year_code: { year, code } } });
  if (!group) throw missing(`Chưa có nhóm người trả lời ${code} trong năm ${year}.`);
  return group;
}

async function notClosed(db: Db, year: number, now: number) {
  const row = await loadYear(db, year);
  if (surveyWindow(row, now).state === 'closed') {
    throw conflict('SURVEY_CLOSED', 'Điều tra xã hội học đã kết thúc', `Điều tra xã hội học năm ${year} đã kết thúc; không thể thêm người trả lời hay gửi mã.`);
  }
  return row;
}

async function nextSerial(tx: Tx, year: number): Promise<number> {
  await lockSerials(tx, year);
  const last = await tx.surveyRespondent.aggregate({ where: { year }, _max: { serial: true } });
  return (last._max.serial ?? 0) + 1;
}

async function unitIdsByCode(tx: Tx | Db, codes: string[]): Promise<Map<string, string>> {
  const units = await tx.unit.findMany({ where: { code: { in: [...new Set(codes)] } }, select: { id: true, code: true } });
  return new Map(units.map((u) => [u.code, u.id]));
}

export interface RegisterInput {
  respondentGroup: string;
  fullName: string;
  email?: string | null;
  /** The respondent's own unit, which their form leaves out. */
  unitCode?: string | null;
}

export async function registerRespondents(db: Db, actor: Actor, year: number, people: RegisterInput[], now = Date.now()) {
  await notClosed(db, year, now);
  return db.$transaction(async (tx) => {
    const groups = new Map<string, string>();
    for (const code of new Set(people.map((p) => p.respondentGroup))) groups.set(code, (await respondentGroupOf(tx, year, code)).id);
    const units = await unitIdsByCode(tx, people.flatMap((p) => (p.unitCode ? [p.unitCode] : [])));
    const errors = people.flatMap((p, i) => (p.unitCode && !units.has(p.unitCode) ? [{ field: `body.respondents[${i}].unitCode`, message: `Không có đơn vị mã ${p.unitCode}.` }] : []));
    if (errors.length) throw invalid('Một số người trả lời ghi đơn vị không tồn tại.', errors);
    let serial = await nextSerial(tx, year);
    const created = [];
    for (const p of people) {
      const row = await tx.surveyRespondent.create({
        data: {
          year,
          respondentGroupId: groups.get(p.respondentGroup)!,
          serial: serial++,
          fullName: p.fullName,
          email: p.email ?? null,
          unitId: p.unitCode ? units.get(p.unitCode)! : null,
          createdBy: actor.username,
        },
      });
      created.push({ serial: row.serial, respondentGroup: p.respondentGroup, fullName: row.fullName, email: row.email, unitCode: p.unitCode ?? null });
    }
    await appendAudit(tx, {
      at: new Date(),
      actor: actor.username,
      actorRole: actor.role,
      year,
      action: 'survey.respondents.register',
      target: String(year),
      after: created.map((c) => ({ serial: c.serial, group: c.respondentGroup, unit: c.unitCode })),
    });
    return created;
  });
}

export interface IssueCodesInput {
  respondentGroup: string;
  count: number;
  /** Where the invitations go to one unit's people (who then may not rate that unit). */
  unitCode?: string | null;
}

/** Anonymous respondents with fresh codes, for printed invitations. The codes are returned this once. */
export async function issueCodes(db: Db, actor: Actor, year: number, input: IssueCodesInput, now = Date.now()): Promise<{ serial: number; code: string }[]> {
  await notClosed(db, year, now);
  return db.$transaction(async (tx) => {
    const group = await respondentGroupOf(tx, year, input.respondentGroup);
    let unitId: string | null = null;
    if (input.unitCode) {
      unitId = (await unitIdsByCode(tx, [input.unitCode])).get(input.unitCode) ?? null;
      if (!unitId) throw invalid(`Không có đơn vị mã ${input.unitCode}.`, [{ field: 'body.unitCode', message: 'Không tồn tại' }]);
    }
    let serial = await nextSerial(tx, year);
    const sentAt = new Date(now);
    const issued: { serial: number; code: string }[] = [];
    for (let i = 0; i < input.count; i++) {
      const code = newCode();
      await tx.surveyRespondent.create({
        data: { year, respondentGroupId: group.id, serial, anonymous: true, unitId, codeHash: codeHash(code), sentAt, sentVia: 'print', createdBy: actor.username },
      });
      issued.push({ serial: serial++, code });
    }
    await appendAudit(tx, {
      at: sentAt,
      actor: actor.username,
      actorRole: actor.role,
      year,
      action: 'survey.codes.issue',
      target: input.respondentGroup,
      after: { count: input.count, serials: issued.map((x) => x.serial), unit: input.unitCode ?? null },
    });
    return issued;
  });
}

async function respondentBySerial(tx: Tx | Db, year: number, serial: number) {
  const respondent = await tx.surveyRespondent.findUnique({ where: { year_serial: { year, serial } }, include: { respondentGroup: true } });
  if (!respondent) throw missing(`Không có phiếu số ${serial} trong năm ${year}.`);
  return respondent;
}

/**
 * A new code for one form (to print, or because the first was lost); the old code and its sessions stop
 * working. Answers already saved stay with the form.
 */
export async function reissueCode(db: Db, actor: Actor, year: number, serial: number, now = Date.now()): Promise<{ serial: number; code: string }> {
  await notClosed(db, year, now);
  return db.$transaction(async (tx) => {
    const respondent = await respondentBySerial(tx, year, serial);
    if (respondent.submittedAt) throw conflict('SURVEY_ALREADY_SUBMITTED', 'Phiếu đã được nộp', `Phiếu số ${serial} đã được nộp; không cần cấp lại mã.`);
    const code = newCode();
    const sentAt = new Date(now);
    await tx.surveySession.deleteMany({ where: { respondentId: respondent.id } });
    await tx.surveyRespondent.update({ where: { id: respondent.id }, data: { codeHash: codeHash(code), sentAt, sentVia: 'print' } });
    await appendAudit(tx, { at: sentAt, actor: actor.username, actorRole: actor.role, year, action: 'survey.code.reissue', target: `phieu-${serial}` });
    return { serial, code };
  });
}

export interface InvitationResult {
  sent: number[];
  failed: { serial: number; message: string }[];
}

/**
 * E-mails each registered respondent with an address a fresh code: those not yet invited, or the forms
 * listed in `serials` (a resend, which replaces the earlier code). Forms already submitted are skipped.
 */
export async function sendInvitations(db: Db, mailer: Mailer, actor: Actor, year: number, publicUrl: string, serials?: number[], now = Date.now()): Promise<InvitationResult> {
  const yearRow = await notClosed(db, year, now);
  const closesAt = surveyWindow(yearRow, now).closesAt;
  const targets = await db.surveyRespondent.findMany({
    where: { year, anonymous: false, email: { not: null }, submittedAt: null, ...(serials ? { serial: { in: serials } } : { sentAt: null }) },
    include: { respondentGroup: true },
    orderBy: { serial: 'asc' },
  });
  if (serials) {
    const found = new Set(targets.map((t) => t.serial));
    const unknown = serials.filter((s) => !found.has(s));
    if (unknown.length) {
      throw invalid(`Không gửi được thư mời cho phiếu số ${unknown.join(', ')}: không có phiếu đó, phiếu ẩn danh, chưa có địa chỉ e-mail hoặc đã nộp.`, [{ field: 'body.serials', message: 'Có phiếu không gửi thư mời được' }]);
    }
  }
  const result: InvitationResult = { sent: [], failed: [] };
  for (const respondent of targets) {
    const code = newCode();
    // The code is live before the mail leaves; a failed send leaves a code nobody knows, replaced on resend.
    await db.$transaction(async (tx) => {
      await tx.surveySession.deleteMany({ where: { respondentId: respondent.id } });
      await tx.surveyRespondent.update({ where: { id: respondent.id }, data: { codeHash: codeHash(code), sentAt: null, sentVia: null } });
    });
    const mail = invitationMail({ year, fullName: respondent.fullName, groupName: respondent.respondentGroup.name, serial: respondent.serial, code, closesAt, publicUrl });
    try {
      await mailer.send({ to: [respondent.email!], ...mail, messageId: `<survey-invitation-${respondent.id}-${Date.now()}@chi-so-cchc>` });
      await db.surveyRespondent.update({ where: { id: respondent.id }, data: { sentAt: new Date(now), sentVia: 'email' } });
      result.sent.push(respondent.serial);
    } catch (error) {
      result.failed.push({ serial: respondent.serial, message: `Gửi thư không thành công: ${(error as Error).message}` });
    }
  }
  await db.$transaction((tx) =>
    appendAudit(tx, { at: new Date(now), actor: actor.username, actorRole: actor.role, year, action: 'survey.invitations.send', target: String(year), after: result }),
  );
  return result;
}

export interface RespondentFilter {
  respondentGroup?: string;
  status?: 'not_sent' | 'sent' | 'opened' | 'submitted';
}

/** The respondents of a year with where each form stands; never a code. */
export async function listRespondents(db: Db, year: number, filter: RespondentFilter = {}) {
  await loadYear(db, year);
  const statusWhere: Prisma.SurveyRespondentWhereInput =
    filter.status === 'not_sent'
      ? { sentAt: null, submittedAt: null }
      : filter.status === 'sent'
        ? { sentAt: { not: null }, openedAt: null, submittedAt: null }
        : filter.status === 'opened'
          ? { openedAt: { not: null }, submittedAt: null }
          : filter.status === 'submitted'
            ? { submittedAt: { not: null } }
            : {};
  const rows = await db.surveyRespondent.findMany({
    where: { year, ...(filter.respondentGroup ? { respondentGroup: { code: filter.respondentGroup } } : {}), ...statusWhere },
    include: { respondentGroup: { select: { code: true } }, unit: { select: { code: true } }, _count: { select: { answers: true } } },
    orderBy: { serial: 'asc' },
  });
  return rows.map((r) => ({
    serial: r.serial,
    respondentGroup: r.respondentGroup.code,
    anonymous: r.anonymous,
    fullName: r.fullName,
    email: r.email,
    unitCode: r.unit?.code ?? null,
    hasCode: r.codeHash !== null,
    sentAt: r.sentAt?.toISOString() ?? null,
    sentVia: r.sentVia,
    openedAt: r.openedAt?.toISOString() ?? null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submittedVia: r.submittedVia,
    answers: r._count.answers,
  }));
}
