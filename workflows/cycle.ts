import {
  allHandlersFinished,
  condition,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { deadlineInstants, remindersBefore } from '../domain/year-config';
import { acts, bulkNoticeActs, localActs, Notices, slowActs } from './proxies';
import { approveYearUpdate, cycleStateQuery, publishSignal, rankingStartedSignal, surveyClosedSignal, unitReadySignal, unitSettledSignal, unitsReadySignal, type Actor } from './messages';
import { refuse } from './refuse';
import { PHASE, PHASE_DEADLINE, UNIT_CODE, UNIT_GROUP, YEAR } from './search-attributes';
import { unitWorkflowId, type CycleInput, type CycleState } from './types';
import { unitAssessment } from './unit-assessment';
import { waitForWorkOrDeadline } from './wait';

/**
 * The year. Years started since the batched cycle run `batchedCycle`; a year whose history began
 * before it (no `batched-cycle` marker) replays and goes on as the first version, `childCycle`.
 */
export async function cycle(input: CycleInput): Promise<CycleState> {
  if (patched('batched-cycle')) return batchedCycle(input);
  return childCycle(input);
}

/** Units per batch: one activity starts, or tells something to, this many unit workflows. */
export const DEFAULT_BATCH_SIZE = 100;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The year at any size: unit workflows are started by activities in bounded batches (not as
 * children), the survey close, the start of the ranking and the publication go out the same way, and
 * no unit signals the cycle: PostgreSQL counts the units still without a final result and the last
 * one wakes the cycle once. The history grows by a few events per batch, and the state holds numbers.
 */
async function batchedCycle(input: CycleInput): Promise<CycleState> {
  const { workflowId } = workflowInfo();
  const deadlines = deadlineInstants(input.config.deadlines);
  const size = Math.max(1, input.batchSize ?? DEFAULT_BATCH_SIZE);
  const progress = { started: 0, surveyClosed: 0, settled: 0, published: 0 };
  const state: CycleState = { status: 'running', surveyClosed: false, ready: [], pending: input.units.length, progress, reportOverdue: false, approvedBy: null };
  const notices = new Notices();
  const notify = (args: Omit<Parameters<Notices['send']>[0], 'workflowId' | 'year' | 'at'>) => notices.send({ workflowId, year: input.year, at: Date.now(), ...args });
  const codes = input.units.map((u) => u.unitCode);
  let allReady = false;
  let approving = false;
  const reminders: Promise<void>[] = [];
  const countPending = async () => {
    const pending = await acts.pendingUnits({ year: input.year });
    state.pending = pending.length;
    if (pending.length === 0) allReady = true;
    return pending;
  };

  setHandler(cycleStateQuery, () => state);
  setHandler(unitsReadySignal, () => {
    allReady = true;
    state.pending = 0;
  });
  setHandler(
    approveYearUpdate,
    async ({ actor }) => {
      approving = true;
      try {
        await localActs.recordYearStatus({ workflowId, year: input.year, status: 'approved', actor, at: Date.now() });
      } finally {
        approving = false;
      }
      state.approvedBy = actor;
      state.status = 'approved';
    },
    {
      validator: (_args: Actor) => {
        if (state.status === 'approved' || state.status === 'published' || approving) refuse('ALREADY_DONE', 'Kết quả năm đánh giá đã được phê duyệt.');
        if (state.status !== 'council_review') {
          refuse('NOT_READY', `Chưa thể phê duyệt: còn ${state.pending ?? 0} đơn vị chưa có kết quả thẩm định chính thức.`);
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: YEAR, value: input.year },
    { key: PHASE, value: 'CYCLE_RUNNING' },
    { key: PHASE_DEADLINE, value: new Date(deadlines.reportToChair) },
  ]);
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'running', actor: 'system', at: Date.now() });

  for (const units of batches(input.units, size)) {
    await slowActs.startUnitWorkflows({ year: input.year, cycleWorkflowId: workflowId, config: input.config, units });
    progress.started += units.length;
  }

  for (const reminder of remindersBefore(deadlines.surveyClose, input.config.reminderDaysBefore, Date.now())) {
    await sleep(reminder.at - Date.now());
    try {
      await bulkNoticeActs.remindSurveyRespondents({ workflowId, year: input.year, daysBefore: reminder.daysBefore, at: Date.now() });
    } catch (error) {
      log.warn('survey reminder not delivered', { daysBefore: reminder.daysBefore, error: String(error) });
    }
  }
  const untilSurveyClose = deadlines.surveyClose - Date.now();
  if (untilSurveyClose > 0) await sleep(untilSurveyClose);
  state.surveyClosed = true;
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'survey_closed', actor: 'system', at: Date.now() });
  for (const unitCodes of batches(codes, size)) {
    await slowActs.signalSurveyClosed({ year: input.year, unitCodes });
    progress.surveyClosed += unitCodes.length;
  }

  // Counted once here: a year whose units were all final before the cycle started waiting gets no signal.
  await countPending();
  const inTime = await waitForWorkOrDeadline({
    done: () => allReady,
    deadline: () => deadlines.reportToChair,
    busy: () => false,
    reminderDaysBefore: input.config.reminderDaysBefore,
    // The reminder lists the units still pending, counted when it is due; it never holds the cycle up.
    remind: (daysBefore, deadline) => {
      reminders.push(countPending().then((units) => notify({ step: `remind/report/${daysBefore}`, kind: 'REMIND_REPORT', deadline, daysBefore, units })));
    },
  });
  if (!inTime) {
    state.reportOverdue = true;
    const pending = await countPending();
    await acts.recordMissedDeadline({ workflowId, step: 'missed/report', year: input.year, kind: 'reportToChair', deadline: deadlines.reportToChair, pending, at: Date.now() });
    notify({ step: 'escalate/report', kind: 'ESCALATE_REPORT', deadline: deadlines.reportToChair, units: pending });
    await condition(() => allReady);
  }

  state.status = 'council_review';
  upsertSearchAttributes([{ key: PHASE, value: 'CYCLE_COUNCIL_REVIEW' }]);
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'council_review', actor: 'system', at: Date.now() });
  notify({ step: 'council-review', kind: 'COUNCIL_REVIEW' });

  await condition(() => state.status === 'approved');
  // From here no unit can be excluded; once every batch has settled, the ranking reads a settled set of exclusions.
  for (const unitCodes of batches(codes, size)) {
    await slowActs.settleForRanking({ year: input.year, unitCodes });
    progress.settled += unitCodes.length;
  }
  const results = await slowActs.rankYear({ workflowId, year: input.year, at: Date.now() });
  for (const unitCodes of batches(codes, size)) {
    const batch = unitCodes.map((unitCode) => ({ unitCode, rank: results[unitCode]?.rank ?? null, classification: results[unitCode]?.classification ?? null }));
    await slowActs.publishUnits({ year: input.year, results: batch });
    progress.published += unitCodes.length;
  }
  state.status = 'published';
  upsertSearchAttributes([
    { key: PHASE, value: 'CYCLE_PUBLISHED' },
    { key: PHASE_DEADLINE, value: null },
  ]);
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'published', actor: state.approvedBy ?? 'system', at: Date.now() });
  await Promise.all(reminders);
  await condition(allHandlersFinished);
  await notices.settled();
  return state;
}

/**
 * The first version of the year, kept so that years started before the batched cycle replay:
 * starts every unit's assessment, closes the survey, waits for every unit's final result
 * (reminding Sở Nội vụ before the report to the chair is due and escalating when it is overdue),
 * waits for the chair's approval, ranks each group and tells every unit its rank and class.
 */
async function childCycle(input: CycleInput): Promise<CycleState> {
  const { workflowId } = workflowInfo();
  const deadlines = deadlineInstants(input.config.deadlines);
  const state: CycleState = { status: 'running', surveyClosed: false, ready: [], reportOverdue: false, approvedBy: null };
  const notices = new Notices();
  const notify = (args: Omit<Parameters<Notices['send']>[0], 'workflowId' | 'year' | 'at'>) => notices.send({ workflowId, year: input.year, at: Date.now(), ...args });
  const notReady = () => input.units.map((u) => u.unitCode).filter((code) => !state.ready.includes(code));
  const allReady = () => notReady().length === 0;
  let approving = false;

  setHandler(cycleStateQuery, () => state);
  setHandler(unitReadySignal, ({ unitCode }) => {
    if (!state.ready.includes(unitCode)) state.ready.push(unitCode);
  });
  const settled = new Set<string>();
  setHandler(unitSettledSignal, ({ unitCode }) => {
    settled.add(unitCode);
  });
  setHandler(
    approveYearUpdate,
    async ({ actor }) => {
      approving = true;
      try {
        await localActs.recordYearStatus({ workflowId, year: input.year, status: 'approved', actor, at: Date.now() });
      } finally {
        approving = false;
      }
      state.approvedBy = actor;
      state.status = 'approved';
    },
    {
      validator: (_args: Actor) => {
        if (state.status === 'approved' || state.status === 'published' || approving) refuse('ALREADY_DONE', 'Kết quả năm đánh giá đã được phê duyệt.');
        if (state.status !== 'council_review') {
          refuse('NOT_READY', `Chưa thể phê duyệt: còn ${notReady().length} đơn vị chưa có kết quả thẩm định chính thức.`);
        }
      },
    },
  );

  upsertSearchAttributes([
    { key: YEAR, value: input.year },
    { key: PHASE, value: 'CYCLE_RUNNING' },
    { key: PHASE_DEADLINE, value: new Date(deadlines.reportToChair) },
  ]);
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'running', actor: 'system', at: Date.now() });

  const children = new Map<string, ChildWorkflowHandle<typeof unitAssessment>>();
  for (const unit of input.units) {
    const handle = await startChild(unitAssessment, {
      workflowId: unitWorkflowId(input.year, unit.unitCode),
      args: [{ ...unit, year: input.year, cycleWorkflowId: workflowId, config: input.config }],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      typedSearchAttributes: [
        { key: YEAR, value: input.year },
        { key: UNIT_GROUP, value: unit.unitGroup },
        { key: UNIT_CODE, value: unit.unitCode },
        { key: PHASE, value: 'SELF_ASSESSMENT' },
      ],
    });
    children.set(unit.unitCode, handle);
  }

  // Respondents who have not answered are reminded before the survey closes; it closes at its deadline
  // for every unit at once. A reminder that cannot be sent is logged and never delays the close.
  for (const reminder of remindersBefore(deadlines.surveyClose, input.config.reminderDaysBefore, Date.now())) {
    await sleep(reminder.at - Date.now());
    try {
      await bulkNoticeActs.remindSurveyRespondents({ workflowId, year: input.year, daysBefore: reminder.daysBefore, at: Date.now() });
    } catch (error) {
      log.warn('survey reminder not delivered', { daysBefore: reminder.daysBefore, error: String(error) });
    }
  }
  const untilSurveyClose = deadlines.surveyClose - Date.now();
  if (untilSurveyClose > 0) await sleep(untilSurveyClose);
  state.surveyClosed = true;
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'survey_closed', actor: 'system', at: Date.now() });
  for (const handle of children.values()) await handle.signal(surveyClosedSignal);

  // Sở Nội vụ compiles the results for the chair by the report deadline; overdue units are escalated.
  const inTime = await waitForWorkOrDeadline({
    done: allReady,
    deadline: () => deadlines.reportToChair,
    busy: () => false,
    reminderDaysBefore: input.config.reminderDaysBefore,
    remind: (daysBefore, deadline) => notify({ step: `remind/report/${daysBefore}`, kind: 'REMIND_REPORT', deadline, daysBefore, units: notReady() }),
  });
  if (!inTime) {
    state.reportOverdue = true;
    await acts.recordMissedDeadline({ workflowId, step: 'missed/report', year: input.year, kind: 'reportToChair', deadline: deadlines.reportToChair, pending: notReady(), at: Date.now() });
    notify({ step: 'escalate/report', kind: 'ESCALATE_REPORT', deadline: deadlines.reportToChair, units: notReady() });
    await condition(allReady);
  }

  state.status = 'council_review';
  upsertSearchAttributes([{ key: PHASE, value: 'CYCLE_COUNCIL_REVIEW' }]);
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'council_review', actor: 'system', at: Date.now() });
  notify({ step: 'council-review', kind: 'COUNCIL_REVIEW' });

  await condition(() => state.status === 'approved');
  // From here no unit can be excluded; once every unit confirms, the ranking reads a settled set of exclusions.
  for (const handle of children.values()) await handle.signal(rankingStartedSignal);
  await condition(() => settled.size === children.size);
  const results = await slowActs.rankYear({ workflowId, year: input.year, at: Date.now() });
  for (const [unitCode, handle] of children) {
    const result = results[unitCode];
    await handle.signal(publishSignal, { rank: result?.rank ?? null, classification: result?.classification ?? null });
  }
  state.status = 'published';
  upsertSearchAttributes([
    { key: PHASE, value: 'CYCLE_PUBLISHED' },
    { key: PHASE_DEADLINE, value: null },
  ]);
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'published', actor: state.approvedBy ?? 'system', at: Date.now() });
  await Promise.all([...children.values()].map((h) => h.result()));
  await condition(allHandlersFinished);
  await notices.settled();
  return state;
}
