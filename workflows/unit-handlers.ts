import { condition, currentUpdateInfo, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { PHASE_DEADLINE_KIND, type PhaseDeadlineKind } from '../domain/phases';
import { localActs } from './proxies';
import {
  appraiseLeafUpdate,
  decideDisputeUpdate,
  deadlinesQuery,
  excludeUpdate,
  extendDeadlineUpdate,
  finishFieldUpdate,
  flagsQuery,
  phaseQuery,
  progressQuery,
  publishSignal,
  rankingStartedSignal,
  submitExplanationUpdate,
  submitUpdate,
  surveyClosedSignal,
  unitSettledSignal,
  unitStateQuery,
} from './messages';
import type { FieldProgress } from './types';
import { addTo, type UnitRun } from './unit-run';
import {
  remainingIn,
  validateAppraise,
  validateDecide,
  validateExclude,
  validateExplain,
  validateExtend,
  validateFinishField,
  validateSubmit,
} from './unit-rules';

/** What each extendable deadline is called in notices. */
const DEADLINE_NAMES: Record<PhaseDeadlineKind, string> = {
  selfAssessment: 'hạn tự đánh giá, chấm điểm',
  appraisalRound1: 'hạn thẩm định vòng 1',
  explanation: 'hạn giải trình',
  finalAppraisal: 'hạn thẩm định vòng 2 (chính thức)',
};

/** The update's id keys its activity, so a retried activity records it once. */
function updateId(): string {
  const id = currentUpdateInfo()?.id;
  if (!id) throw new Error('update handler without update info');
  return id;
}

/** Locks the self-assessment as it stands (submit, or the deadline). */
export async function lockSelfAssessment(run: UnitRun, actor: string, late: boolean): Promise<void> {
  const at = Date.now();
  const { notApplicable } = await localActs.lockSelfAssessment({ workflowId: run.workflowId, assessmentId: run.input.assessmentId, actor, late, at });
  Object.assign(run.state, { notApplicable, submittedAt: at, submittedBy: actor, late });
}

/** Registers every query, signal and update of the unit workflow. */
export function registerUnitHandlers(run: UnitRun): void {
  const { state, inFlight, input, workflowId } = run;
  const assessmentId = input.assessmentId;

  setHandler(unitStateQuery, () => state);
  setHandler(phaseQuery, () => ({ phase: state.phase, phaseDeadline: state.phaseDeadline }));
  setHandler(deadlinesQuery, () => state.deadlines);
  setHandler(progressQuery, () =>
    Object.entries(state.fields).flatMap(([round, fields]) =>
      Object.entries(fields).map(
        ([field, status]): FieldProgress => ({
          round: Number(round),
          field,
          status,
          remaining: Number(round) === state.round && status === 'pending' ? remainingIn(run.rules(), field) : [],
        }),
      ),
    ),
  );
  setHandler(flagsQuery, () => ({
    late: state.late,
    excluded: state.excluded,
    flagged: state.flagged,
    explained: state.explained,
    escalated: state.escalated,
    extensions: state.extensions,
  }));

  setHandler(surveyClosedSignal, () => {
    state.surveyClosed = true;
  });
  // From here exclusions are refused; one still being recorded finishes before the cycle ranks.
  setHandler(rankingStartedSignal, async () => {
    state.rankingStarted = true;
    await condition(() => !inFlight.excluding);
    await getExternalWorkflowHandle(input.cycleWorkflowId).signal(unitSettledSignal, { unitCode: input.unitCode });
  });
  setHandler(publishSignal, ({ rank, classification }) => {
    state.rank = state.excluded ? null : rank;
    state.classification = state.excluded ? null : classification;
    run.published = true;
  });

  setHandler(
    submitUpdate,
    async ({ actor }) => {
      inFlight.submitting = true;
      try {
        await lockSelfAssessment(run, actor, false);
      } finally {
        inFlight.submitting = false;
      }
      return { submittedAt: state.submittedAt!, late: state.late };
    },
    { validator: (args) => validateSubmit(run.rules(), args) },
  );

  setHandler(
    appraiseLeafUpdate,
    async ({ actor, leafCode, action, score, reason }) => {
      const field = run.leaves.get(leafCode)!.field;
      run.hold(field);
      try {
        await localActs.recordAppraisal({
          workflowId,
          step: `appraise/${updateId()}`,
          assessmentId,
          round: 1,
          leafCode,
          action,
          score: action === 'accept' ? null : (score ?? null),
          reason: reason?.trim() || null,
          actor,
          at: Date.now(),
        });
      } finally {
        run.release(field);
      }
      addTo(state.appraised, leafCode);
      if (action === 'explain') addTo(state.flagged, leafCode);
      else state.flagged = state.flagged.filter((code) => code !== leafCode);
    },
    { validator: (args) => validateAppraise(run.rules(), args) },
  );

  setHandler(
    finishFieldUpdate,
    async ({ actor, field }) => {
      const round = state.round;
      inFlight.finishing.add(field);
      try {
        await localActs.recordFieldDone({ workflowId, assessmentId, field, round, actor, at: Date.now() });
      } finally {
        inFlight.finishing.delete(field);
      }
      state.fields[String(round)]![field] = 'done';
    },
    { validator: (args) => validateFinishField(run.rules(), args) },
  );

  setHandler(
    submitExplanationUpdate,
    async ({ actor, leafCode, explanation }) => {
      inFlight.explaining.add(leafCode);
      try {
        await localActs.recordExplanation({
          workflowId,
          step: `explain/${updateId()}`,
          assessmentId,
          disputeRound: state.disputeRound,
          leafCode,
          explanation: explanation.trim(),
          actor,
          at: Date.now(),
        });
      } finally {
        inFlight.explaining.delete(leafCode);
      }
      addTo(state.explained, leafCode);
    },
    { validator: (args) => validateExplain(run.rules(), args) },
  );

  setHandler(
    decideDisputeUpdate,
    async ({ actor, leafCode, result, score, reason }) => {
      const field = run.leaves.get(leafCode)!.field;
      run.hold(field);
      try {
        await localActs.recordDecision({
          workflowId,
          step: `decide/${updateId()}`,
          assessmentId,
          round: state.round,
          leafCode,
          result,
          score: score ?? null,
          reason: reason?.trim() || null,
          actor,
          at: Date.now(),
        });
      } finally {
        run.release(field);
      }
      state.decisions[leafCode] = result;
    },
    { validator: (args) => validateDecide(run.rules(), args) },
  );

  setHandler(
    excludeUpdate,
    async ({ actor, reason }) => {
      const at = Date.now();
      inFlight.excluding = true;
      try {
        await localActs.recordExclusion({ workflowId, assessmentId, year: input.year, reason: reason.trim(), actor, at });
      } finally {
        inFlight.excluding = false;
      }
      state.excluded = { reason: reason.trim(), by: actor, at };
    },
    { validator: (args) => validateExclude(run.rules(), args) },
  );

  setHandler(
    extendDeadlineUpdate,
    async ({ actor, until, reason }) => {
      const phase = state.phase;
      const kind = PHASE_DEADLINE_KIND[phase]!;
      const previous = state.phaseDeadline!;
      const id = updateId();
      inFlight.extending = true;
      try {
        await localActs.recordDeadlineExtension({
          workflowId,
          step: `extend/${id}`,
          assessmentId,
          year: input.year,
          kind,
          previous,
          deadline: until,
          reason: reason.trim(),
          actor,
          at: Date.now(),
        });
      } finally {
        inFlight.extending = false;
      }
      run.setDeadline(kind, until);
      state.extensions += 1;
      // The council members concerned hear of an appraisal deadline moving; the unit hears of every one.
      const fields = kind === 'appraisalRound1' || kind === 'finalAppraisal' ? run.pendingFields(state.round) : [];
      run.notify({ step: `extended/${id}`, kind: 'DEADLINE_EXTENDED', deadline: until, reason: reason.trim(), what: DEADLINE_NAMES[kind], fields });
      return { phase, previous, deadline: until };
    },
    { validator: (args) => validateExtend(run.rules(), args) },
  );
}
