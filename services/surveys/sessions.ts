import type { Db } from '../../lib/db/prisma';
import { codeHash, newSessionToken, normalizeCode, sessionTokenHash } from './codes';
import { SurveyError } from '../../domain/surveys/errors';

/**
 * Respondents are not users: they sign in with their code and get a token of their own, good only for
 * their own form. Both the code and the token are kept as hashes.
 */

const wrongCode = () => new SurveyError(401, 'INVALID_SURVEY_CODE', 'Mã trả lời phiếu không đúng', 'Mã trả lời phiếu không đúng hoặc đã được thay bằng mã khác; vui lòng kiểm tra lại thư mời.');

export async function openSurveySession(db: Db, code: string, ttlMinutes: number, now = Date.now()) {
  const normalized = normalizeCode(code);
  if (normalized === null) throw wrongCode();
  const respondent = await db.surveyRespondent.findUnique({ where: { codeHash: codeHash(normalized) }, select: { id: true, year: true, serial: true, openedAt: true } });
  if (!respondent) throw wrongCode();
  const { token, hash } = newSessionToken();
  const expiresAt = new Date(now + ttlMinutes * 60_000);
  await db.$transaction(async (tx) => {
    await tx.surveySession.deleteMany({ where: { respondentId: respondent.id, expiresAt: { lt: new Date(now) } } });
    await tx.surveySession.create({ data: { tokenHash: hash, respondentId: respondent.id, expiresAt } });
    if (!respondent.openedAt) await tx.surveyRespondent.update({ where: { id: respondent.id }, data: { openedAt: new Date(now) } });
  });
  return { token, expiresAt, year: respondent.year, serial: respondent.serial };
}

/** The respondent a token belongs to; 401 when it is unknown or expired. */
export async function respondentOfToken(db: Db, token: string | undefined, now = Date.now()): Promise<string> {
  const invalid = new SurveyError(401, 'UNAUTHENTICATED', 'Chưa nhập mã trả lời phiếu', 'Phiên trả lời phiếu đã hết hạn hoặc không hợp lệ; vui lòng nhập lại mã trả lời phiếu.');
  if (!token || !/^[A-Za-z0-9_-]{20,200}$/.test(token)) throw invalid;
  const session = await db.surveySession.findUnique({ where: { tokenHash: sessionTokenHash(token) } });
  if (!session || session.expiresAt.getTime() <= now) throw invalid;
  return session.respondentId;
}

export async function endSurveySession(db: Db, token: string): Promise<void> {
  await db.surveySession.deleteMany({ where: { tokenHash: sessionTokenHash(token) } });
}
