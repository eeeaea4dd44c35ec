import { appendAudit } from '../lib/audit';
import { reminderMail } from '../services/surveys/mail-texts';
import { storeSurveyScores } from '../services/surveys/scores';
import { surveyWindow } from '../domain/surveys/window';
import type { ActivityDeps } from './deps';
import { deliverNotice } from './mail';

/**
 * The survey's activities. Both are idempotent: the scores are recomputed from raw answers that no
 * longer change once the survey has closed (and the audit entry is keyed by the workflow id), and each
 * reminder is keyed by workflow id, offset and respondent, so a retry never mails anyone twice.
 */

export interface ComputeSurveyScoresArgs {
  workflowId: string;
  assessmentId: string;
  at: number;
}

export interface ComputeSurveyScoresResult {
  /** Survey points by leaf code, hundredths; null where there is no valid answer or result. */
  leaves: Record<string, number | null>;
}

/**
 * Scores the unit's survey-scored leaves from the raw answers and the year's satisfaction import and
 * stores input and points in leaf_scores (survey_input, survey_score). Run when the survey closes.
 */
export async function computeSurveyScores({ db }: ActivityDeps, a: ComputeSurveyScoresArgs): Promise<ComputeSurveyScoresResult> {
  return db.$transaction(
    async (tx) => {
      const scores = await storeSurveyScores(tx, a.assessmentId, ['survey', 'satisfaction']);
      const assessment = await tx.assessment.findUniqueOrThrow({ where: { id: a.assessmentId }, select: { year: true, unit: { select: { code: true } } } });
      const leaves = Object.fromEntries(scores.map((s) => [s.leafCode, s.points]));
      await appendAudit(tx, {
        at: new Date(a.at),
        actor: 'system',
        year: assessment.year,
        assessmentId: a.assessmentId,
        action: 'survey.scores',
        target: assessment.unit.code,
        after: scores.map((s) => ({ leaf: s.leafCode, input: s.input, points: s.points })),
        dedupeKey: `${a.workflowId}/survey-scores`,
      });
      return { leaves };
    },
    { timeout: 30_000 },
  );
}

export interface RemindSurveyRespondentsArgs {
  workflowId: string;
  year: number;
  /** Which of the year's reminder offsets this is (reminderDaysBefore); part of each notice's key. */
  daysBefore: number;
  at: number;
}

export interface RemindSurveyRespondentsResult {
  sent: number;
  alreadySent: number;
}

/**
 * Reminds every respondent who was sent an invitation by e-mail and has not submitted, while the
 * survey is open at `at`. The reminder carries no code; it points back to the invitation.
 */
export async function remindSurveyRespondents(deps: ActivityDeps, a: RemindSurveyRespondentsArgs): Promise<RemindSurveyRespondentsResult> {
  const { db, publicUrl } = deps;
  const year = await db.year.findUniqueOrThrow({ where: { year: a.year }, select: { status: true, config: true } });
  const window = surveyWindow(year, a.at);
  const result: RemindSurveyRespondentsResult = { sent: 0, alreadySent: 0 };
  if (window.state !== 'open') return result;
  const respondents = await db.surveyRespondent.findMany({
    where: { year: a.year, anonymous: false, email: { not: null }, sentAt: { not: null }, submittedAt: null },
    orderBy: { serial: 'asc' },
  });
  for (const r of respondents) {
    const mail = reminderMail({ year: a.year, fullName: r.fullName, serial: r.serial, closesAt: window.closesAt, publicUrl });
    const outcome = await deliverNotice(deps, { key: `${a.workflowId}/survey-reminder/${a.daysBefore}d/${r.id}`, to: [r.email!], ...mail });
    if (outcome === 'sent') result.sent++;
    else if (outcome === 'already-sent') result.alreadySent++;
  }
  return result;
}

/** The survey activities bound to their dependencies, to be spread into the worker's activities. */
export function createSurveyActivities(deps: ActivityDeps) {
  return {
    computeSurveyScores: (a: ComputeSurveyScoresArgs) => computeSurveyScores(deps, a),
    remindSurveyRespondents: (a: RemindSurveyRespondentsArgs) => remindSurveyRespondents(deps, a),
  };
}
