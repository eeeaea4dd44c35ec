import type { ActivityDeps } from '../../activities/deps';
import type { Db } from '../../lib/db/prisma';
import { createLogger } from '../../lib/logger';
import { createMailer } from '../../lib/mail/mailer';
import { saveAnswers, submitForm } from '../../services/surveys/answers';
import type { AnswerOption } from '../../domain/surveys/options';
import { issueCodes } from '../../services/surveys/respondents';
import { jsonRows } from '../../domain/surveys/satisfaction-rows';
import { importSatisfaction, saveSatisfactionMappings } from '../../services/surveys/satisfaction';
import { openSurveySession, respondentOfToken } from '../../services/surveys/sessions';
import { ACTOR, YEAR } from './fixtures';

/**
 * The worked example of docs/surveys.md. Three district leaders answer about the departments:
 *
 *            SNV            STP
 *          C1 C2 C3       C1 C2 C3        (C1, C2 → leaf 2.1.1, max 2,00; C3 → 2.1.2, max 1,50)
 *   phiếu 1  A  C  A        B  B  B        (from district LB)
 *   phiếu 2  B  A  A        C  C  B        (from district NH)
 *   phiếu 3  E  –  D        D  D  C        (anonymous; "–" left blank)
 *
 * and the satisfaction survey gives SNV 85,30% (120 forms), STP 92,00% (95 forms) for leaf 2.2.1
 * (max 1,50). STC gets no answer and no result.
 */
export type Answers = Record<string, Record<string, AnswerOption | null>>;

export const EXAMPLE_FORMS: { unit: string; answers: Answers }[] = [
  { unit: 'LB', answers: { SNV: { C1: 'A', C2: 'C', C3: 'A' }, STP: { C1: 'B', C2: 'B', C3: 'B' } } },
  { unit: 'NH', answers: { SNV: { C1: 'B', C2: 'A', C3: 'A' }, STP: { C1: 'C', C2: 'C', C3: 'B' } } },
  { unit: '', answers: { SNV: { C1: 'E', C2: null, C3: 'D' }, STP: { C1: 'D', C2: 'D', C3: 'C' } } },
];

/** Answers a form through the respondent's own session and submits it. */
export async function answerForm(db: Db, code: string, answers: Answers, now = Date.now()): Promise<string> {
  const respondentId = await respondentOfToken(db, (await openSurveySession(db, code, 60, now)).token, now);
  const questions = await db.surveyQuestion.findMany({ where: { questionnaire: { respondentGroup: { respondents: { some: { id: respondentId } } } } } });
  const idOf = new Map(questions.map((q) => [q.code, q.id]));
  const entries = Object.entries(answers).flatMap(([unitCode, cells]) =>
    Object.entries(cells).map(([questionCode, option]) => ({ questionId: idOf.get(questionCode)!, unitCode, option })),
  );
  await saveAnswers(db, respondentId, entries, now);
  await submitForm(db, respondentId, now);
  return respondentId;
}

export async function runWorkedExample(db: Db, now = Date.now()): Promise<void> {
  for (const form of EXAMPLE_FORMS) {
    const [issued] = await issueCodes(db, ACTOR, YEAR, { respondentGroup: 'LD_HUYEN', count: 1, unitCode: form.unit || null }, now);
    await answerForm(db, issued!.code, form.answers, now);
  }
  await saveSatisfactionMappings(db, ACTOR, YEAR, [
    { indicator: 'SIPAS', name: 'Chỉ số hài lòng về sự phục vụ hành chính', groupCode: 'SO_NGANH', leafCode: '2.2.1' },
    { indicator: 'SIPAS', name: 'Chỉ số hài lòng về sự phục vụ hành chính', groupCode: 'HUYEN', leafCode: '2.2.1' },
  ]);
  await importSatisfaction(
    db,
    ACTOR,
    YEAR,
    jsonRows([
      { unitCode: 'SNV', indicator: 'SIPAS', satisfactionPct: 8530, sampleSize: 120 },
      { unitCode: 'STP', indicator: 'SIPAS', satisfactionPct: 9200, sampleSize: 95 },
    ]),
    { source: 'json' },
  );
}

export function activityDeps(db: Db, smtpPort: number): ActivityDeps {
  return {
    db,
    mailer: createMailer({ host: '127.0.0.1', port: smtpPort, secure: false, from: '"Chỉ số CCHC" <chisocchc@localhost>' }),
    logger: createLogger('silent'),
    publicUrl: 'http://cchc.example',
    secretariatEmail: 'sonoivu@localhost',
  };
}
