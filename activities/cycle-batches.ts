import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ActivityDeps } from './deps';
import { PHASE, UNIT_CODE, UNIT_GROUP, YEAR } from '../workflows/search-attributes';
import { unitWorkflowId, type CycleUnit, type UnitAssessmentInput } from '../workflows/types';
import type { YearConfig } from '../domain/year-config';

/**
 * The cycle's work on many units at once, one bounded batch per activity: starting the unit
 * workflows, broadcasting the survey close, the start of the ranking and the publication, and counting
 * in PostgreSQL the units still without a final result. The cycle's history grows by one activity per
 * batch instead of several events per unit. Each call is idempotent, so a retry of a batch is harmless.
 */

/** Phases in which a unit's result is final (or the unit is out): the cycle waits for no more. */
const DONE_PHASES = ['RANKING', 'EXCLUDED', 'PUBLISHED'];
/** Calls to the Temporal server in flight at once within one batch. */
const CONCURRENCY = 16;

async function eachBounded<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
      Context.current().heartbeat(next);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
}

export interface StartUnitsArgs {
  year: number;
  cycleWorkflowId: string;
  config: YearConfig;
  units: CycleUnit[];
}

/** Starts the unit workflows of one batch; a unit already started is left as it is. */
export async function startUnitWorkflows(_deps: ActivityDeps, a: StartUnitsArgs): Promise<number> {
  const { client, info } = Context.current();
  let started = 0;
  await eachBounded(a.units, async (unit) => {
    const args: UnitAssessmentInput = { ...unit, year: a.year, cycleWorkflowId: a.cycleWorkflowId, config: a.config, readiness: 'counted' };
    try {
      await client.workflow.start('unitAssessment', {
        workflowId: unitWorkflowId(a.year, unit.unitCode),
        taskQueue: info.taskQueue,
        args: [args],
        typedSearchAttributes: [
          { key: YEAR, value: a.year },
          { key: UNIT_GROUP, value: unit.unitGroup },
          { key: UNIT_CODE, value: unit.unitCode },
          { key: PHASE, value: 'SELF_ASSESSMENT' },
        ],
      });
      started++;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  });
  return started;
}

export interface BroadcastArgs {
  year: number;
  unitCodes: string[];
}

/** Tells every unit of the batch that the survey has closed (a signal seen twice changes nothing). */
export async function signalSurveyClosed(_deps: ActivityDeps, a: BroadcastArgs): Promise<void> {
  const { client } = Context.current();
  await eachBounded(a.unitCodes, (code) => client.workflow.getHandle(unitWorkflowId(a.year, code)).signal('surveyClosed'));
}

/**
 * Opens the ranking for every unit of the batch and returns once each has settled (no exclusion
 * still being recorded): an update, so no unit needs to signal back.
 */
export async function settleForRanking(_deps: ActivityDeps, a: BroadcastArgs): Promise<void> {
  const { client } = Context.current();
  await eachBounded(a.unitCodes, (code) => client.workflow.getHandle(unitWorkflowId(a.year, code)).executeUpdate('settleForRanking'));
}

export interface PublishBatchArgs {
  year: number;
  results: { unitCode: string; rank: number | null; classification: string | null }[];
}

/** Tells every unit of the batch its rank and class. */
export async function publishUnits(_deps: ActivityDeps, a: PublishBatchArgs): Promise<void> {
  const { client } = Context.current();
  await eachBounded(a.results, async ({ unitCode, rank, classification }) => {
    try {
      await client.workflow.getHandle(unitWorkflowId(a.year, unitCode)).signal('publish', { rank, classification });
    } catch (error) {
      // A retried batch finds units that already published and completed.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
}

/** Units of the year whose result is not final yet, by code. */
export async function pendingUnits({ db }: ActivityDeps, a: { year: number }): Promise<string[]> {
  const rows = await db.assessment.findMany({ where: { year: a.year, phase: { notIn: DONE_PHASES } }, select: { unit: { select: { code: true } } } });
  return rows.map((r) => r.unit.code).sort();
}

export interface UnitReadyArgs {
  year: number;
  cycleWorkflowId: string;
}

/**
 * Called by a unit once its final phase is recorded: when no unit of the year is left pending, the
 * cycle gets one signal. Whichever unit commits last sees the count at zero, so the signal is never
 * missed; two units finishing together may both send it, which the cycle ignores.
 */
export async function reportUnitReady({ db }: ActivityDeps, a: UnitReadyArgs): Promise<void> {
  const pending = await db.assessment.count({ where: { year: a.year, phase: { notIn: DONE_PHASES } } });
  if (pending === 0) await Context.current().client.workflow.getHandle(a.cycleWorkflowId).signal('unitsReady');
}
