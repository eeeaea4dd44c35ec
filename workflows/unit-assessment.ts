import {
  allHandlersFinished,
  condition,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Phase } from '../domain/phases';
import { PHASE_LABELS } from '../domain/phases';
import { deadlineInstants } from '../domain/year-config';
import type * as activities from '../activities/types';
import {
  appraiseLeafUpdate,
  finishFieldUpdate,
  publishSignal,
  submitUpdate,
  surveyClosedSignal,
  unitReadySignal,
  unitStateQuery,
  type Actor,
  type AppraiseLeafArgs,
  type FinishFieldArgs,
} from './messages';
import { refuse } from './refuse';
import { PHASE, PHASE_DEADLINE, UNIT_CODE, UNIT_GROUP, YEAR } from './search-attributes';
import type { LeafRef, UnitAssessmentInput, UnitState } from './types';
import { waitUntilDoneOrDeadline } from './wait';

const acts = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID_INPUT'] },
});

/** One unit's assessment for one year: self-assessment → survey → appraisal → ranking → published. */
export async function unitAssessment(input: UnitAssessmentInput): Promise<UnitState> {
  const { workflowId } = workflowInfo();
  const deadlines = deadlineInstants(input.config.deadlines);
  const leaves = new Map<string, LeafRef>(input.leaves.map((l) => [l.code, l]));
  const state: UnitState = {
    phase: 'SELF_ASSESSMENT',
    phaseDeadline: deadlines.selfAssessment,
    selfDeadline: deadlines.selfAssessment,
    submittedAt: null,
    submittedBy: null,
    late: false,
    surveyClosed: false,
    notApplicable: [],
    round1: {},
    appraised: [],
    flagged: [],
    excluded: null,
    rank: null,
    classification: null,
  };
  let submitting = false;
  let published = false;

  setHandler(unitStateQuery, () => state);
  setHandler(surveyClosedSignal, () => {
    state.surveyClosed = true;
  });
  setHandler(publishSignal, ({ rank, classification }) => {
    state.rank = rank;
    state.classification = classification;
    published = true;
  });

  const lock = async (actor: string, late: boolean): Promise<void> => {
    const at = Date.now();
    const { notApplicable } = await acts.lockSelfAssessment({ workflowId, assessmentId: input.assessmentId, actor, late, at });
    state.notApplicable = notApplicable;
    state.submittedAt = at;
    state.submittedBy = actor;
    state.late = late;
  };

  setHandler(
    submitUpdate,
    async ({ actor }) => {
      submitting = true;
      try {
        await lock(actor, false);
      } finally {
        submitting = false;
      }
      return { submittedAt: state.submittedAt!, late: state.late };
    },
    {
      validator: (_args: Actor) => {
        if (state.submittedAt !== null || submitting) refuse('ALREADY_SUBMITTED', 'Hồ sơ tự đánh giá của đơn vị đã được nộp, không thể nộp lại.');
        if (state.phase !== 'SELF_ASSESSMENT') refuse('WRONG_PHASE', `Đơn vị đang ở giai đoạn "${PHASE_LABELS[state.phase]}".`);
        if (Date.now() > state.selfDeadline) refuse('DEADLINE_PASSED', 'Đã quá hạn tự đánh giá; hồ sơ đã được khóa theo hiện trạng.');
      },
    },
  );

  const appraisableIn = (field: string) =>
    input.leaves.filter((l) => l.field === field && l.appraisable && !state.notApplicable.includes(l.code));

  setHandler(
    appraiseLeafUpdate,
    async (args: AppraiseLeafArgs) => {
      await acts.recordAppraisal({
        workflowId,
        step: `appraise/${currentUpdateInfo()?.id ?? args.leafCode}`,
        assessmentId: input.assessmentId,
        round: 1,
        leafCode: args.leafCode,
        action: args.action,
        score: args.action === 'accept' ? null : (args.score ?? null),
        reason: args.reason ?? null,
        actor: args.actor,
        at: Date.now(),
      });
      if (!state.appraised.includes(args.leafCode)) state.appraised.push(args.leafCode);
    },
    {
      validator: (args: AppraiseLeafArgs) => {
        if (state.phase !== 'APPRAISAL') refuse('WRONG_PHASE', `Chưa hoặc không còn ở giai đoạn thẩm định vòng 1 (hiện tại: "${PHASE_LABELS[state.phase]}").`);
        const leaf = leaves.get(args.leafCode);
        if (!leaf) refuse('UNKNOWN_LEAF', `Không có tiêu chí mã ${args.leafCode} trong bộ tiêu chí của đơn vị.`);
        if (!leaf.appraisable || state.notApplicable.includes(leaf.code)) {
          refuse('LEAF_NOT_APPRAISABLE', `Tiêu chí ${leaf.code} không do Hội đồng thẩm định chấm (không áp dụng hoặc chấm qua điều tra).`);
        }
        if (!args.fields.includes(leaf.field)) refuse('LEAF_NOT_APPRAISABLE', `Tiêu chí ${leaf.code} thuộc lĩnh vực ${leaf.field}, không do thành viên này phụ trách.`);
        if (state.round1[leaf.field] === 'done') refuse('FIELD_ALREADY_DONE', `Lĩnh vực ${leaf.field} đã được thẩm định xong.`);
        if (args.action === 'adjust') {
          if (args.score === undefined || !Number.isInteger(args.score) || args.score < 0 || args.score > leaf.max) {
            refuse('SCORE_OUT_OF_RANGE', `Điểm thẩm định của tiêu chí ${leaf.code} phải từ 0 đến ${(leaf.max / 100).toFixed(2)}.`);
          }
          if (!args.reason?.trim()) refuse('REASON_REQUIRED', `Cần nêu lý do điều chỉnh điểm tiêu chí ${leaf.code}.`);
        }
      },
    },
  );

  setHandler(
    finishFieldUpdate,
    async (args: FinishFieldArgs) => {
      await acts.recordFieldDone({ workflowId, assessmentId: input.assessmentId, field: args.field, round: 1, actor: args.actor, at: Date.now() });
      state.round1[args.field] = 'done';
    },
    {
      validator: (args: FinishFieldArgs) => {
        if (state.phase !== 'APPRAISAL') refuse('WRONG_PHASE', `Không ở giai đoạn thẩm định vòng 1 (hiện tại: "${PHASE_LABELS[state.phase]}").`);
        if (!(args.field in state.round1)) refuse('UNKNOWN_FIELD', `Lĩnh vực ${args.field} không có tiêu chí cần thẩm định ở đơn vị này.`);
        if (!args.fields.includes(args.field)) refuse('LEAF_NOT_APPRAISABLE', `Lĩnh vực ${args.field} không do thành viên này phụ trách.`);
        if (state.round1[args.field] === 'done') refuse('FIELD_ALREADY_DONE', `Lĩnh vực ${args.field} đã được thẩm định xong.`);
        const missing = appraisableIn(args.field).filter((l) => !state.appraised.includes(l.code)).map((l) => l.code);
        if (missing.length) refuse('FIELD_INCOMPLETE', `Còn ${missing.length} tiêu chí chưa thẩm định: ${missing.join(', ')}.`);
      },
    },
  );

  const enter = async (phase: Phase, phaseDeadline: number | null, actor = 'system'): Promise<void> => {
    state.phase = phase;
    state.phaseDeadline = phaseDeadline;
    upsertSearchAttributes({ [PHASE.name]: [phase], [PHASE_DEADLINE.name]: phaseDeadline ? [new Date(phaseDeadline)] : [] });
    await acts.recordPhase({
      workflowId,
      assessmentId: input.assessmentId,
      year: input.year,
      unitCode: input.unitCode,
      phase,
      phaseDeadline,
      actor,
      at: Date.now(),
    });
  };

  upsertSearchAttributes({
    [YEAR.name]: [input.year],
    [UNIT_GROUP.name]: [input.unitGroup],
    [UNIT_CODE.name]: [input.unitCode],
  });
  await enter('SELF_ASSESSMENT', state.selfDeadline);

  // Self-assessment: ends at submit, or at the deadline by locking the draft as it stands.
  const submittedInTime = await waitUntilDoneOrDeadline(() => state.submittedAt !== null, () => state.selfDeadline);
  if (!submittedInTime) {
    await condition(() => !submitting);
    if (state.submittedAt === null) await lock('system', true);
  }
  await acts.notify({ workflowId, step: 'submitted', kind: state.late ? 'LOCKED_LATE' : 'SUBMITTED', assessmentId: input.assessmentId });

  // Survey: the unit's scores are locked while the sociological survey about it runs.
  await enter('SURVEY', deadlines.surveyClose, state.submittedBy ?? 'system');
  await condition(() => state.surveyClosed);

  // Appraisal round 1, field by field, by the council member owning each field.
  for (const leaf of input.leaves) {
    if (leaf.appraisable && !state.notApplicable.includes(leaf.code)) state.round1[leaf.field] = 'pending';
  }
  await enter('APPRAISAL', deadlines.appraisalRound1);
  await acts.notify({ workflowId, step: 'appraisal-open', kind: 'APPRAISAL_OPEN', assessmentId: input.assessmentId });
  await condition(() => Object.values(state.round1).every((s) => s === 'done'));

  // Council review: the cycle ranks every group once the chair approves.
  await enter('RANKING', deadlines.reportToChair);
  await getExternalWorkflowHandle(input.cycleWorkflowId).signal(unitReadySignal, { unitCode: input.unitCode });
  await condition(() => published);

  await enter('PUBLISHED', null);
  await acts.notify({ workflowId, step: 'published', kind: 'PUBLISHED', assessmentId: input.assessmentId });
  await condition(allHandlersFinished);
  return state;
}
