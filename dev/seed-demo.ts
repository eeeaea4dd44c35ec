import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { addDays, formatDateVn } from '../domain/calendar';
import { parseCriteriaSet } from '../domain/criteria/parse';
import type { CriteriaSet } from '../domain/criteria/types';
import { parseUnitRegistry } from '../domain/units';
import { defaultYearConfig, type YearConfig } from '../domain/year-config';
import type { Config } from '../config';
import { hashPassword } from '../api/auth/password';
import { startYear } from '../services/start-year';
import type { Db } from '../lib/db/prisma';
import { type Prisma } from '../lib/db/prisma';

/**
 * The demo province: Tuyên Quang's groups and units, the sample criteria sets, one user per role, and
 * an open assessment year whose deadlines lie ahead of today so every step can be tried. Running it
 * again changes nothing that exists.
 */

export const DEMO_PASSWORD = 'Cchc@2025';
const SEED_DIR = path.resolve(__dirname, '../seed');
const SAMPLE_SETS: Record<string, string> = {
  SO_NGANH: 'criteria/departments-2023.sample.json',
  HUYEN: 'criteria/districts-2023.sample.json',
};
const FIELD_COUNT = 8;

async function readJson(relative: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(SEED_DIR, relative), 'utf8'));
}

const email = (username: string) => `${username.replace(/[^a-z0-9.]/g, '')}@tuyenquang.example`;

/** Deadlines counted from today, so the demo year is open when it is seeded. */
export function demoYearConfig(year: number, today: number): YearConfig {
  const iso = (days: number) => formatDateVn(addDays(today, days)).split('/').reverse().join('-');
  return {
    ...defaultYearConfig(year),
    deadlines: {
      selfAssessment: iso(21),
      surveyClose: iso(21),
      appraisalRound1: iso(35),
      appraisalRound2: iso(49),
      reportToChair: iso(56),
    },
  };
}

async function ensureUser(db: Db, username: string, fullName: string, role: string, unitId: string | null): Promise<string> {
  const found = await db.user.findUnique({ where: { username }, select: { id: true } });
  if (found) return found.id;
  const created = await db.user.create({
    data: { username, fullName, role, unitId, email: email(username), passwordHash: await hashPassword(DEMO_PASSWORD) },
  });
  return created.id;
}

export async function seedDemo(db: Db, temporal: Client, config: Config, now = Date.now()): Promise<string> {
  const registry = parseUnitRegistry(await readJson('units.json'));
  if (!registry.ok) throw new Error(`seed/units.json không hợp lệ: ${registry.problems.join('; ')}`);

  for (const [order, group] of registry.value.groups.entries()) {
    const g = await db.unitGroup.upsert({ where: { code: group.code }, create: { code: group.code, name: group.name, order }, update: {} });
    for (const unit of group.units) {
      const u = await db.unit.upsert({
        where: { code: unit.code },
        create: { code: unit.code, name: unit.name, groupId: g.id, email: email(`vanthu.${unit.code.toLowerCase()}`) },
        update: {},
      });
      const base = unit.code.toLowerCase().replace(/_/g, '');
      await ensureUser(db, `${base}.canbo`, `Công chức phụ trách CCHC - ${unit.name}`, 'unit_officer', u.id);
      await ensureUser(db, `${base}.thutruong`, `Thủ trưởng - ${unit.name}`, 'unit_head', u.id);
    }
  }
  await ensureUser(db, 'sonoivu', 'Phòng CCHC - Sở Nội vụ', 'secretariat', null);
  await ensureUser(db, 'chutich', 'Chủ tịch Hội đồng thẩm định', 'chair', null);
  await ensureUser(db, 'lanhdao', 'Lãnh đạo UBND tỉnh (xem)', 'viewer', null);
  const council: string[] = [];
  for (let field = 1; field <= FIELD_COUNT; field++) {
    council.push(await ensureUser(db, `hoidong${field}`, `Thành viên Hội đồng thẩm định - lĩnh vực ${field}`, 'council_member', null));
  }

  const year = new Date(now).getUTCFullYear() - 1;
  const existing = await db.year.findUnique({ where: { year } });
  if (!existing) {
    const yearConfig = demoYearConfig(year, now);
    await db.year.create({ data: { year, title: `Chỉ số CCHC năm ${year} (dữ liệu mẫu)`, config: yearConfig as unknown as Prisma.InputJsonValue } });
    for (const [groupCode, file] of Object.entries(SAMPLE_SETS)) {
      const parsed = parseCriteriaSet(await readJson(file));
      if (!parsed.ok) throw new Error(`${file} không hợp lệ: ${parsed.issues[0]?.message ?? ''}`);
      const set: CriteriaSet = { ...parsed.value, year };
      const group = await db.unitGroup.findUniqueOrThrow({ where: { code: groupCode } });
      await db.criteriaSet.create({
        data: { year, groupId: group.id, title: set.title, sample: set.sample, scale: set.scale, tree: set as unknown as Prisma.InputJsonValue },
      });
    }
    for (let field = 1; field <= FIELD_COUNT; field++) {
      await db.fieldAssignment.create({ data: { year, fieldCode: String(field), userId: council[field - 1]! } });
    }
  }
  const yearRow = await db.year.findUniqueOrThrow({ where: { year } });
  if (yearRow.status === 'setup') {
    const started = await startYear(db, temporal, config.temporal.taskQueue, year, 'sonoivu');
    return `Dữ liệu mẫu: năm ${year} đã mở với ${started.units} đơn vị`;
  }
  return `Dữ liệu mẫu: năm ${year} đã có (trạng thái ${yearRow.status})`;
}
