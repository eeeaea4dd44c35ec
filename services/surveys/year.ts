import type { CriteriaSet } from '../../domain/criteria/types';
import type { YearConfig } from '../../domain/year-config';
import type { Db, Prisma } from '../../lib/db/prisma';
import { criteriaSetOf } from '../results/read';
import { missing } from '../../domain/surveys/errors';

type Tx = Db | Prisma.TransactionClient;

export interface YearRow {
  year: number;
  status: string;
  config: YearConfig;
}

export async function loadYear(db: Tx, year: number): Promise<YearRow> {
  const row = await db.year.findUnique({ where: { year }, select: { year: true, status: true, config: true } });
  if (!row) throw missing(`Chưa có năm đánh giá ${year}.`);
  return { ...row, config: row.config as unknown as YearConfig };
}

/**
 * Reads the year inside a transaction and holds it (FOR SHARE), so the cycle's move to
 * `survey_closed` waits for answers being written and nothing lands after the scores are frozen.
 */
export async function holdYear(tx: Prisma.TransactionClient, year: number): Promise<YearRow> {
  const [row] = await tx.$queryRaw<{ year: number; status: string; config: unknown }[]>`SELECT year, status, config FROM years WHERE year = ${year} FOR SHARE`;
  if (!row) throw missing(`Chưa có năm đánh giá ${year}.`);
  return { year: row.year, status: row.status, config: row.config as YearConfig };
}

export interface YearSet {
  groupId: string;
  groupCode: string;
  groupName: string;
  set: CriteriaSet;
}

/** The year's criteria sets by unit group code. */
export async function yearSets(db: Tx, year: number): Promise<Map<string, YearSet>> {
  const rows = await db.criteriaSet.findMany({ where: { year }, include: { group: true }, orderBy: { group: { order: 'asc' } } });
  return new Map(rows.map((r) => [r.group.code, { groupId: r.groupId, groupCode: r.group.code, groupName: r.group.name, set: criteriaSetOf(r.tree) }]));
}

/** Serialises writers that number respondents within a year. */
export async function lockSerials(tx: Prisma.TransactionClient, year: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(4721100, ${year})`;
}
