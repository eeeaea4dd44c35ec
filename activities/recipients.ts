import { appraisersOf } from '../domain/council';
import { UNIT_ROLES } from '../domain/roles';
import type { Db } from '../lib/db/prisma';
import { councilDuties } from '../services/council';

/** Who receives which notice, read from the users and units on record. */

export async function unitRecipients(db: Db, unitId: string): Promise<string[]> {
  // The unit's own people; a council member whose own unit this is hears of it as a member, not here.
  const unit = await db.unit.findUnique({ where: { id: unitId }, select: { email: true, users: { where: { active: true, role: { in: [...UNIT_ROLES] } }, select: { email: true } } } });
  if (!unit) return [];
  return [unit.email, ...unit.users.map((u) => u.email)].filter((e): e is string => Boolean(e));
}

/**
 * The members who appraise the fields: for one unit, those the conflict rules leave (a substitute in
 * place of a member who belongs to the unit); without a unit, everyone assigned to them.
 */
export async function councilRecipients(db: Db, year: number, fields?: string[], unitCode?: string): Promise<string[]> {
  if (unitCode && fields) {
    const duties = await councilDuties(db, year);
    const members = new Set(fields.flatMap((field) => appraisersOf(duties, unitCode, field)));
    return [...members].map((m) => duties.get(m)!).filter((d) => d.active && d.email).map((d) => d.email!);
  }
  const rows = await db.fieldAssignment.findMany({
    where: { year, ...(fields ? { fieldCode: { in: fields } } : {}), user: { active: true } },
    select: { user: { select: { email: true } } },
  });
  return rows.map((r) => r.user.email).filter((e): e is string => Boolean(e));
}

export async function roleRecipients(db: Db, role: string, fallback?: string): Promise<string[]> {
  const users = await db.user.findMany({ where: { role, active: true }, select: { email: true } });
  const emails = users.map((u) => u.email).filter((e): e is string => Boolean(e));
  return emails.length || !fallback ? emails : [fallback];
}
