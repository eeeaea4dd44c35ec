import type { Db } from '../../../lib/db/prisma';
import type { YearConfig } from '../../../domain/year-config';
import { assignFields, seedOrg } from '../../support/org';
import { eventually, type HttpClient } from '../../support/system';
import { createYear } from '../../support/year';
import { openYearConfig } from '../../fixtures/open-year-config';

/**
 * The organisation most API tests use: one group with two units (SNV, STP) and one account per role,
 * a 2023 year on the small criteria set (fields 1 and 2), and council members owning one field each.
 */
export const YEAR = 2023;
export const GROUP = 'SO_NGANH';
export const OWN_UNIT = 'SNV';
export const OTHER_UNIT = 'STP';

/** Every role, by the account that plays it; unit roles belong to OWN_UNIT. */
export const ACCOUNTS = {
  unit_officer: 'snv.canbo',
  unit_head: 'snv.thutruong',
  council_member: 'hoidong1',
  secretariat: 'sonoivu',
  chair: 'chutich',
  viewer: 'lanhdao',
} as const;

/** Deadlines far ahead, with a survey that has already closed: a year runs without waiting days. */
export const openConfig: YearConfig = openYearConfig();

export async function seedScenario(db: Db): Promise<void> {
  await seedOrg(db, {
    groups: [{ code: GROUP, name: 'Các sở, ban, ngành', units: [OWN_UNIT, OTHER_UNIT] }],
    users: [
      { username: 'sonoivu', role: 'secretariat' },
      { username: 'hoidong1', role: 'council_member' },
      { username: 'hoidong2', role: 'council_member' },
      { username: 'chutich', role: 'chair' },
      { username: 'lanhdao', role: 'viewer' },
    ],
  });
}

/** The scenario's year, started: both units' assessments exist and are in self-assessment. */
export async function startScenarioYear(
  db: Db,
  http: HttpClient,
  secretariatToken: string,
  options: { config?: YearConfig; sets?: Record<string, unknown> } = {},
): Promise<void> {
  await createYear(db, YEAR, { config: options.config ?? openConfig, ...(options.sets ? { sets: options.sets } : {}) });
  await assignFields(db, YEAR, 'hoidong1', ['1']);
  await assignFields(db, YEAR, 'hoidong2', ['2']);
  const started = await http.request('POST', `/api/v1/years/${YEAR}/start`, { token: secretariatToken });
  if (started.status !== 202) throw new Error(`Không khởi động được năm: ${started.status} ${JSON.stringify(started.body)}`);
  await eventually(async () => {
    const rows = await db.assessment.findMany({ where: { year: YEAR } });
    return rows.length === 2 && rows.every((r) => r.phase === 'SELF_ASSESSMENT') ? rows : undefined;
  }, 'both assessments in self-assessment');
}

export async function loginAll(http: HttpClient): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const username of [...Object.values(ACCOUNTS), 'hoidong2', 'stp.canbo', 'stp.thutruong']) tokens[username] = await http.login(username);
  return tokens;
}
