import { appendAudit } from '../lib/audit';
import { yearResults } from '../services/results/read';
import type { ActivityDeps } from './deps';

export interface RankYearArgs {
  workflowId: string;
  year: number;
  at: number;
}

export type RankYearResult = Record<string, { rank: number | null; classification: string | null }>;

/**
 * Computes every unit's results and the year's ranking (services/results → domain/results) and stores
 * totals, ranks and classes. Recomputing gives the same result, so a retry is harmless.
 */
export async function rankYear({ db }: ActivityDeps, a: RankYearArgs): Promise<RankYearResult> {
  const year = await yearResults(db, a.year);
  if (!year) throw new Error(`Chưa có năm đánh giá ${a.year}.`);
  const result: RankYearResult = {};
  for (const group of year.ranking) {
    for (const r of group.ranked) result[r.unitCode] = { rank: r.rank, classification: r.classification?.label ?? null };
    for (const u of group.unranked) result[u.unitCode] = { rank: null, classification: null };
  }

  await db.$transaction(async (tx) => {
    for (const { assessmentId, results } of year.units) {
      const r = result[results.unitCode]!;
      await tx.assessment.update({
        where: { id: assessmentId },
        data: { points: results.points, maxPoints: results.max, indexPct: results.index, rank: r.rank, classification: r.classification },
      });
    }
    await appendAudit(tx, {
      at: new Date(a.at),
      actor: 'system',
      year: a.year,
      action: 'year.ranked',
      target: String(a.year),
      after: year.ranking.map((g) => ({ group: g.groupCode, ranked: g.ranked.map((r) => [r.unitCode, r.rank, r.index]), unranked: g.unranked.map((u) => [u.unitCode, u.cause]) })),
      dedupeKey: `${a.workflowId}/ranked`,
    });
  });
  return result;
}
