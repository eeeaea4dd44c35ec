import type { Db } from '../lib/db/prisma';

/** Who receives which notice, read from the users and units on record. */

export async function unitRecipients(db: Db, unitId: string): Promise<string[]> {
  const unit = await db.unit.findUnique({ where: { id: unitId }, select: { email: true, users: { where: { active: true }, select: { email: true } } } });
  if (!unit) return [];
  return [unit.email, ...unit.users.map((u) => u.email)].filter((e): e is string => Boolean(e));
}

export async function councilRecipients(db: Db, year: number, fields?: string[]): Promise<string[]> {
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
