import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CycleState, UnitState } from './types';

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
  /** Points in hundredths; required for `adjust`. */
  score?: number;
  reason?: string;
  /** Fields the acting council member owns; the leaf must lie in one of them. */
  fields: string[];
}

export interface FinishFieldArgs extends Actor {
  field: string;
  fields: string[];
}

export interface PublishArgs {
  rank: number | null;
  classification: string | null;
}

// Unit assessment workflow.
export const submitUpdate = defineUpdate<SubmitResult, [Actor]>('submit');
export const appraiseLeafUpdate = defineUpdate<void, [AppraiseLeafArgs]>('appraiseLeaf');
export const finishFieldUpdate = defineUpdate<void, [FinishFieldArgs]>('finishField');
export const surveyClosedSignal = defineSignal('surveyClosed');
export const publishSignal = defineSignal<[PublishArgs]>('publish');
export const unitStateQuery = defineQuery<UnitState>('state');

// Cycle workflow.
export const unitReadySignal = defineSignal<[{ unitCode: string }]>('unitReady');
export const approveYearUpdate = defineUpdate<void, [Actor]>('approveYear');
export const cycleStateQuery = defineQuery<CycleState>('state');
