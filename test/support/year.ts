import type { Db, Prisma } from '../../lib/db/prisma';
import { defaultYearConfig, type YearConfig } from '../../domain/year-config';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';

/** A year in set-up with a criteria set per group (the small test set unless one is given). */
export async function createYear(db: Db, year: number, options: { config?: YearConfig; sets?: Record<string, unknown> } = {}): Promise<YearConfig> {
  const config = options.config ?? defaultYearConfig(year);
  await db.year.create({ data: { year, title: `Chỉ số CCHC năm ${year}`, config: config as unknown as Prisma.InputJsonValue } });
  for (const group of await db.unitGroup.findMany()) {
    const tree = (options.sets?.[group.code] ?? smallCriteriaSet(year, group.code)) as { title: string; scale: number; sample: boolean };
    await db.criteriaSet.create({ data: { year, groupId: group.id, title: tree.title, sample: tree.sample, scale: tree.scale, tree: tree as unknown as Prisma.InputJsonValue } });
  }
  return config;
}
