import { allHandlersFinished, condition, getExternalWorkflowHandle, upsertSearchAttributes } from '@temporalio/workflow';
import type { Phase, PhaseDeadlineKind } from '../domain/phases';
import { explanationDeadline, finalAppraisalDeadline } from '../domain/year-config';
import { acts, slowActs } from './proxies';
import { unitReadySignal } from './messages';
import { PHASE, PHASE_DEADLINE, UNIT_CODE, UNIT_GROUP, YEAR } from './search-attributes';
import type { UnitAssessmentInput, UnitState } from './types';
import { lockSelfAssessment, registerUnitHandlers } from './unit-handlers';
import { addTo, UnitRun } from './unit-run';
import { waitForWorkOrDeadline, waitForWorkOrNewDeadline } from './wait';

/**
 * One unit's assessment for one year:
 * self-assessment → survey → appraisal (round 1) → [dispute → final appraisal] × rounds → ranking →
 * published; or excluded for dishonesty from any phase after submission. Scores and texts live in
 * PostgreSQL (written by activities); the workflow holds phase, deadlines, leaf codes and flags.
 */
export async function unitAssessment(input: UnitAssessmentInput): Promise<UnitState> {
  const run = new UnitRun(input);
  const { state } = run;
  registerUnitHandlers(run);
  upsertSearchAttributes([
    { key: YEAR, value: input.year },
    { key: UNIT_GROUP, value: input.unitGroup },
    { key: UNIT_CODE, value: input.unitCode },
  ]);

  await enter(run, 'SELF_ASSESSMENT', state.deadlines.selfAssessment);
  run.notify({ step: 'self-open', kind: 'SELF_ASSESSMENT_OPEN', deadline: state.deadlines.selfAssessment });
  await selfAssessment(run);

  await enter(run, 'SURVEY', state.deadlines.surveyClose, state.submittedBy ?? 'system');
  await condition(() => state.surveyClosed || run.excluded);

  // ── SURVEY → APPRAISAL: the survey about this unit has closed. Its survey-scored leaves are settled
  // here (points frozen from the raw answers and the satisfaction import), before the council opens round 1.
  if (!run.excluded) {
    await slowActs.computeSurveyScores({ workflowId: run.workflowId, assessmentId: input.assessmentId, at: Date.now() });
    await appraisalRound1(run);
  }

  while (!run.excluded && state.flagged.length > 0 && state.disputeRound < input.config.disputeRounds) {
    await disputeWindow(run);
    if (!run.excluded) await finalAppraisal(run);
  }

  if (!run.excluded) {
    await enter(run, 'RANKING', state.deadlines.reportToChair);
    run.notify({ step: 'appraisal-final', kind: 'APPRAISAL_FINAL' });
    await signalReady(run);
    await condition(() => run.published || run.excluded);
  }
  if (run.excluded) {
    await condition(() => !run.busy());
    await enter(run, 'EXCLUDED', null, state.excluded!.by);
    run.notify({ step: 'excluded', kind: 'EXCLUDED', reason: state.excluded!.reason });
    await signalReady(run);
    await condition(() => run.published);
  } else {
    await enter(run, 'PUBLISHED', null);
  }
  run.notify({ step: 'published', kind: 'PUBLISHED' });

  await condition(allHandlersFinished);
  await run.notices.settled();
  return state;
}

/** Records the phase (projection, audit entry, search attributes); `step` tells repeated rounds apart. */
async function enter(run: UnitRun, phase: Phase, phaseDeadline: number | null, actor = 'system', openFields?: { round: number; fields: string[] }, step = `phase/${phase}`): Promise<void> {
  run.state.phase = phase;
  run.state.phaseDeadline = phaseDeadline;
  upsertSearchAttributes([
    { key: PHASE, value: phase },
    { key: PHASE_DEADLINE, value: phaseDeadline === null ? null : new Date(phaseDeadline) },
  ]);
  await acts.recordPhase({
    workflowId: run.workflowId,
    assessmentId: run.input.assessmentId,
    year: run.input.year,
    unitCode: run.input.unitCode,
    phase,
    phaseDeadline,
    step,
    openFields,
    actor,
    at: Date.now(),
  });
}

/** Ends at submit, or at the (possibly extended) deadline by locking the draft as it stands. */
async function selfAssessment(run: UnitRun): Promise<void> {
  const { state, inFlight } = run;
  const inTime = await waitForWorkOrDeadline({
    done: () => state.submittedAt !== null,
    deadline: () => state.deadlines.selfAssessment,
    busy: () => inFlight.submitting || inFlight.extending,
    reminderDaysBefore: run.input.config.reminderDaysBefore,
    remind: (daysBefore, deadline) => run.notify({ step: `remind/self/${deadline}/${daysBefore}`, kind: 'REMIND_SELF', deadline, daysBefore }),
  });
  if (!inTime) await lockSelfAssessment(run, 'system', true);
  // A late lock is the escalation: the notice goes to Sở Nội vụ as well as the unit.
  run.notify({ step: 'submitted', kind: state.late ? 'LOCKED_LATE' : 'SUBMITTED', deadline: state.deadlines.selfAssessment });
}

async function appraisalRound1(run: UnitRun): Promise<void> {
  const { state } = run;
  const fields = [...new Set(run.input.leaves.filter((l) => l.appraisable && !state.notApplicable.includes(l.code)).map((l) => l.field))];
  state.round = 1;
  state.fields['1'] = Object.fromEntries(fields.map((f) => [f, 'pending' as const]));
  await enter(run, 'APPRAISAL', state.deadlines.appraisalRound1, 'system', { round: 1, fields });
  run.notify({ step: 'appraisal-open', kind: 'APPRAISAL_OPEN', deadline: state.deadlines.appraisalRound1, fields });
  await appraiseUntilDone(run, 'appraisalRound1');
}

/** The unit explains (or disputes) each flagged leaf within its window. */
async function disputeWindow(run: UnitRun): Promise<void> {
  const { state, input } = run;
  state.disputeRound += 1;
  state.explained = [];
  state.deadlines.explanation = explanationDeadline(Date.now(), input.config, state.deadlines.finalAppraisal);
  const round = state.disputeRound;
  await enter(run, 'DISPUTE', state.deadlines.explanation, 'system', undefined, `phase/DISPUTE/${round}`);
  run.notify({ step: `dispute-open/${round}`, kind: 'EXPLANATION_REQUESTED', deadline: state.deadlines.explanation, leaves: [...state.flagged] });

  const unanswered = () => state.flagged.filter((code) => !state.explained.includes(code));
  const answered = await waitForWorkOrDeadline({
    done: () => run.excluded || unanswered().length === 0,
    deadline: () => state.deadlines.explanation!,
    busy: () => run.busy(),
    reminderDaysBefore: input.config.reminderDaysBefore,
    remind: (daysBefore, deadline) =>
      run.notify({ step: `remind/explanation/${round}/${deadline}/${daysBefore}`, kind: 'REMIND_EXPLANATION', deadline, daysBefore, leaves: unanswered() }),
  });
  if (!answered && !run.excluded) {
    const deadline = state.deadlines.explanation!;
    await missedDeadline(run, 'explanation', `explanation/${round}/${deadline}`, deadline, unanswered());
    run.notify({ step: `explanation-closed/${round}`, kind: 'EXPLANATION_CLOSED', deadline, leaves: unanswered() });
  }
}

/** The council member owning each field decides every flagged leaf of this round. */
async function finalAppraisal(run: UnitRun): Promise<void> {
  const { state, input } = run;
  state.round = state.disputeRound + 1;
  state.decisions = {};
  state.deadlines.finalAppraisal = finalAppraisalDeadline(Date.now(), input.config, state.deadlines.finalAppraisal);
  const round = state.round;
  const fields = [...new Set(state.flagged.map((code) => run.leaves.get(code)!.field))];
  state.fields[String(round)] = Object.fromEntries(fields.map((f) => [f, 'pending' as const]));
  await enter(run, 'FINAL_APPRAISAL', state.deadlines.finalAppraisal, 'system', { round, fields }, `phase/FINAL_APPRAISAL/${round}`);
  run.notify({ step: `final-open/${round}`, kind: 'FINAL_APPRAISAL_OPEN', deadline: state.deadlines.finalAppraisal, round, fields, leaves: [...state.flagged] });
  await appraiseUntilDone(run, 'finalAppraisal');
  // Leaves sent back for a further explanation are the next round's flags.
  state.flagged = state.flagged.filter((code) => state.decisions[code] === 'explain');
}

/**
 * Waits for every field of the current round, reminding the members who have not finished. A passed
 * deadline is escalated to Sở Nội vụ once and the unit keeps waiting: an unappraised field is never
 * skipped. An extension starts the reminders and the escalation afresh.
 */
async function appraiseUntilDone(run: UnitRun, kind: 'appraisalRound1' | 'finalAppraisal'): Promise<void> {
  const { state } = run;
  const round = state.round;
  const done = () => run.excluded || run.pendingFields(round).length === 0;
  const deadline = () => state.deadlines[kind];
  for (;;) {
    const inTime = await waitForWorkOrDeadline({
      done,
      deadline,
      busy: () => run.busy(),
      reminderDaysBefore: run.input.config.reminderDaysBefore,
      remind: (daysBefore, at) =>
        run.notify({ step: `remind/round${round}/${at}/${daysBefore}`, kind: 'REMIND_APPRAISAL', deadline: at, daysBefore, round, fields: run.pendingFields(round) }),
    });
    if (inTime) return;
    const missed = deadline();
    const pending = run.pendingFields(round);
    await missedDeadline(run, kind, `round${round}/${missed}`, missed, pending);
    run.notify({ step: `escalate/round${round}/${missed}`, kind: 'ESCALATE_APPRAISAL', deadline: missed, round, fields: pending });
    if (await waitForWorkOrNewDeadline(done, () => run.busy(), deadline)) return;
  }
}

async function missedDeadline(run: UnitRun, kind: PhaseDeadlineKind, step: string, deadline: number, pending: string[]): Promise<void> {
  addTo(run.state.escalated, kind === 'finalAppraisal' || kind === 'explanation' ? `${kind}/${run.state.disputeRound}` : kind);
  await acts.recordMissedDeadline({
    workflowId: run.workflowId,
    step: `missed/${step}`,
    year: run.input.year,
    assessmentId: run.input.assessmentId,
    kind,
    deadline,
    pending,
    at: Date.now(),
  });
}

/** Tells the cycle this unit's result is final (or that it was excluded), once. */
async function signalReady(run: UnitRun): Promise<void> {
  if (run.readySent) return;
  run.readySent = true;
  await getExternalWorkflowHandle(run.input.cycleWorkflowId).signal(unitReadySignal, { unitCode: run.input.unitCode });
}
