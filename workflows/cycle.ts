import {
  allHandlersFinished,
  condition,
  log,
  ParentClosePolicy,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { deadlineInstants, remindersBefore } from '../domain/year-config';
import { acts, bulkNoticeActs, localActs, Notices, slowActs } from './proxies';
import { approveYearUpdate, cycleStateQuery, publishSignal, rankingStartedSignal, surveyClosedSignal, unitReadySignal, unitSettledSignal, type Actor } from './messages';
import { refuse } from './refuse';
import { PHASE, PHASE_DEADLINE, UNIT_CODE, UNIT_GROUP, YEAR } from './search-attributes';
import { unitWorkflowId, type CycleInput, type CycleState } from './types';
import { unitAssessment } from './unit-assessment';
import { waitForWorkOrDeadline } from './wait';

/**
 * The year: starts every unit's assessment, closes the survey, waits for every unit's final result
 * (reminding Sở Nội vụ before the report to the chair is due and escalating when it is overdue),
 * waits for the chair's approval, ranks each group and tells every unit its rank and class.
 */
export async function cycle(input: CycleInput): Promise<CycleState> {
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
