import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { parseCriteriaSet } from '../domain/criteria/parse';
import { deadlineInstants, type YearConfig } from '../domain/year-config';
import { leafRefs } from '../domain/leaf-refs';
import type { Db } from '../lib/db/prisma';
import { recordAudit } from '../lib/audit';
import { PHASE, YEAR } from '../workflows/search-attributes';
import { cycleWorkflowId, unitWorkflowId, type CycleInput } from '../workflows/types';
import { conflict, unprocessable } from '../api/problem';

/**
 * Opens a year: one assessment per active unit of every group that has a criteria set, then the
 * cycle workflow, which starts each unit's workflow. Starting again finds the cycle and stops there.
 */
export async function startYear(db: Db, temporal: Client, taskQueue: string, year: number, actor: string): Promise<{ workflowId: string; units: number }> {
  // Checked and marked as starting under the year's row lock, so criteria sets and configuration
  // freeze before any assessment exists; a start that failed after that (Temporal unreachable) may
  // simply be asked again, and finds the same assessments.
  const { config, units } = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM years WHERE year = ${year} FOR UPDATE`;
    if (!row) throw unprocessable(`Chưa có năm đánh giá ${year}.`);
    if (row.status !== 'setup' && row.status !== 'starting') throw conflict(`Năm ${year} đã được khởi động (trạng thái: ${row.status}).`, 'ALREADY_STARTED');
    const yearRow = await tx.year.findUniqueOrThrow({ where: { year }, include: { criteriaSets: { include: { group: { include: { units: { where: { active: true } } } } } } } });
    if (!yearRow.criteriaSets.length) throw unprocessable(`Năm ${year} chưa có bộ tiêu chí nào.`);
    const config = yearRow.config as unknown as YearConfig;
    const selfDeadline = new Date(deadlineInstants(config.deadlines).selfAssessment);
    const units: CycleInput['units'] = [];
    for (const set of yearRow.criteriaSets) {
      const parsed = parseCriteriaSet(set.tree);
      if (!parsed.ok) throw unprocessable(`Bộ tiêu chí của nhóm ${set.group.code} không hợp lệ.`);
      const leaves = leafRefs(parsed.value);
      for (const unit of set.group.units) {
        const workflowId = unitWorkflowId(year, unit.code);
        const assessment = await tx.assessment.upsert({
          where: { year_unitId: { year, unitId: unit.id } },
          create: { year, unitId: unit.id, groupId: set.groupId, criteriaSetId: set.id, workflowId, phase: 'SELF_ASSESSMENT', phaseDeadline: selfDeadline, selfDeadline },
          update: {},
        });
        units.push({ unitCode: unit.code, unitGroup: set.group.code, assessmentId: assessment.id, leaves });
      }
    }
    if (!units.length) throw unprocessable(`Các nhóm có bộ tiêu chí của năm ${year} chưa có đơn vị nào.`);
    if (row.status === 'setup') await tx.year.update({ where: { year }, data: { status: 'starting' } });
    return { config, units };
  }, { timeout: 60_000 });

  const workflowId = cycleWorkflowId(year);
  try {
    await temporal.workflow.start('cycle', {
      workflowId,
      taskQueue,
      args: [{ year, config, units } satisfies CycleInput],
      typedSearchAttributes: [
        { key: YEAR, value: year },
        { key: PHASE, value: 'CYCLE_RUNNING' },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await recordAudit(db, { at: new Date(), actor, year, action: 'year.start', target: String(year), after: { units: units.length }, dedupeKey: `year-start/${year}` });
  return { workflowId, units: units.length };
}
