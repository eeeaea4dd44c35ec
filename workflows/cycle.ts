import {
  allHandlersFinished,
  condition,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { deadlineInstants } from '../domain/year-config';
import type * as activities from '../activities/types';
import { approveYearUpdate, type Actor, cycleStateQuery, publishSignal, surveyClosedSignal, unitReadySignal } from './messages';
import { refuse } from './refuse';
import { PHASE, UNIT_CODE, UNIT_GROUP, YEAR } from './search-attributes';
import { unitWorkflowId, type CycleInput, type CycleState } from './types';
import { unitAssessment } from './unit-assessment';

const acts = proxyActivities<activities.Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The year: starts every unit's assessment, closes the survey, waits for the council, ranks, publishes. */
export async function cycle(input: CycleInput): Promise<CycleState> {
  const { workflowId } = workflowInfo();
  const deadlines = deadlineInstants(input.config.deadlines);
  const state: CycleState = { status: 'running', surveyClosed: false, ready: [], approvedBy: null };

  setHandler(cycleStateQuery, () => state);
  setHandler(unitReadySignal, ({ unitCode }) => {
    if (!state.ready.includes(unitCode)) state.ready.push(unitCode);
  });
  setHandler(
    approveYearUpdate,
    async ({ actor }) => {
      state.approvedBy = actor;
      state.status = 'approved';
      await acts.recordYearStatus({ workflowId, year: input.year, status: 'approved', actor, at: Date.now() });
    },
    {
      validator: (_args: Actor) => {
        if (state.status !== 'council_review') {
          refuse('NOT_READY', `Chưa thể phê duyệt: còn ${input.units.length - state.ready.length} đơn vị chưa có kết quả thẩm định chính thức.`);
        }
      },
    },
  );

  upsertSearchAttributes({ [YEAR.name]: [input.year], [PHASE.name]: ['CYCLE_RUNNING'] });
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

  // The sociological survey closes at its deadline for every unit at once.
  const untilSurveyClose = deadlines.surveyClose - Date.now();
  if (untilSurveyClose > 0) await sleep(untilSurveyClose);
  state.surveyClosed = true;
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'survey_closed', actor: 'system', at: Date.now() });
  for (const handle of children.values()) await handle.signal(surveyClosedSignal);

  await condition(() => state.ready.length === input.units.length);
  state.status = 'council_review';
  upsertSearchAttributes({ [PHASE.name]: ['CYCLE_COUNCIL_REVIEW'] });
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'council_review', actor: 'system', at: Date.now() });
  await acts.notify({ workflowId, step: 'council-review', kind: 'COUNCIL_REVIEW', year: input.year });

  await condition(() => state.status === 'approved');
  const results = await acts.rankYear({ workflowId, year: input.year, at: Date.now() });
  for (const [unitCode, handle] of children) {
    const result = results[unitCode];
    await handle.signal(publishSignal, { rank: result?.rank ?? null, classification: result?.classification ?? null });
  }
  state.status = 'published';
  upsertSearchAttributes({ [PHASE.name]: ['CYCLE_PUBLISHED'] });
  await acts.recordYearStatus({ workflowId, year: input.year, status: 'published', actor: state.approvedBy ?? 'system', at: Date.now() });
  await Promise.all([...children.values()].map((h) => h.result()));
  await condition(allHandlersFinished);
  return state;
}
