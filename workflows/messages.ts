import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Phase } from '../domain/phases';
import type { CycleState, DisputeResult, FieldProgress, UnitDeadlines, UnitState } from './types';

/** Who acted, as the API authenticated them (validators cannot read the database). */
export interface Actor {
  actor: string;
}

export interface SubmitResult {
  submittedAt: number;
  late: boolean;
}

export type AppraisalAction = 'accept' | 'adjust' | 'explain';

export interface AppraiseLeafArgs extends Actor {
  leafCode: string;
  action: AppraisalAction;
  /** Points in hundredths: the adjusted score (`adjust`), or the provisional one while the unit explains (`explain`, optional: the unit's own score otherwise). */
  score?: number;
  /** Why the score was cut, or what the unit must explain. */
  reason?: string;
  /** Fields the acting council member owns; the leaf must lie in one of them. */
  fields: string[];
}

export interface FinishFieldArgs extends Actor {
  field: string;
  fields: string[];
}

export interface ExplainArgs extends Actor {
  leafCode: string;
  explanation: string;
}

export interface DecideArgs extends Actor {
  leafCode: string;
  /** upheld: the unit's score, or `score` with a reason; rejected: the round 1 score stands; explain: one more dispute round. */
  result: DisputeResult;
  score?: number;
  reason?: string;
  fields: string[];
}

export interface ExcludeArgs extends Actor {
  reason: string;
}

export interface ExtendArgs extends Actor {
  /** The new deadline, epoch ms (the API sends the end of a day in Vietnam). */
  until: number;
  reason: string;
}

export interface ExtendResult {
  phase: Phase;
  previous: number;
  deadline: number;
}

export interface PublishArgs {
  rank: number | null;
  classification: string | null;
}

export interface UnitFlags {
  late: boolean;
  excluded: UnitState['excluded'];
  flagged: string[];
  explained: string[];
  escalated: string[];
  extensions: number;
}

// Unit assessment workflow: updates (refusable human actions).
export const submitUpdate = defineUpdate<SubmitResult, [Actor]>('submit');
export const appraiseLeafUpdate = defineUpdate<void, [AppraiseLeafArgs]>('appraiseLeaf');
export const finishFieldUpdate = defineUpdate<void, [FinishFieldArgs]>('finishField');
export const submitExplanationUpdate = defineUpdate<void, [ExplainArgs]>('submitExplanation');
export const decideDisputeUpdate = defineUpdate<void, [DecideArgs]>('decideDispute');
export const excludeUpdate = defineUpdate<void, [ExcludeArgs]>('exclude');
export const extendDeadlineUpdate = defineUpdate<ExtendResult, [ExtendArgs]>('extendDeadline');
// … signals from the cycle …
export const surveyClosedSignal = defineSignal('surveyClosed');
export const rankingStartedSignal = defineSignal('rankingStarted');
export const publishSignal = defineSignal<[PublishArgs]>('publish');
// … and queries of its live state.
export const unitStateQuery = defineQuery<UnitState>('state');
export const phaseQuery = defineQuery<{ phase: Phase; phaseDeadline: number | null }>('phase');
export const deadlinesQuery = defineQuery<UnitDeadlines>('deadlines');
export const progressQuery = defineQuery<FieldProgress[]>('progress');
export const flagsQuery = defineQuery<UnitFlags>('flags');

// Cycle workflow.
export const unitReadySignal = defineSignal<[{ unitCode: string }]>('unitReady');
/** A unit has seen `rankingStarted` and has no exclusion still being recorded. */
export const unitSettledSignal = defineSignal<[{ unitCode: string }]>('unitSettled');
export const approveYearUpdate = defineUpdate<void, [Actor]>('approveYear');
export const cycleStateQuery = defineQuery<CycleState>('state');
