import type { CouncilDuty } from '../domain/council';
import type { Db, Prisma } from '../lib/db/prisma';

/**
 * The council's duties for a year as the database holds them (field assignments, the own unit on a
 * member's account, conflicts named for the year, substitutes); the rules over them are domain/council.ts.
 */

type Reader = Db | Prisma.TransactionClient;

export interface MemberDuty extends CouncilDuty {
  userId: string;
  username: string;
  email: string | null;
  active: boolean;
}

/** One member's duty for the year (empty for someone who is not on the council that year). */
export async function councilDuty(db: Reader, year: number, userId: string): Promise<CouncilDuty> {
  const [user, fields, conflicts, substitutes] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { unit: { select: { code: true } } } }),
    db.fieldAssignment.findMany({ where: { year, userId }, select: { fieldCode: true } }),
    db.councilConflict.findMany({ where: { year, userId }, select: { unit: { select: { code: true } } } }),
    db.fieldSubstitute.findMany({ where: { year, userId }, select: { fieldCode: true, unit: { select: { code: true } } } }),
  ]);
  return {
    fields: fields.map((f) => f.fieldCode),
    conflictUnits: [...new Set([...(user?.unit ? [user.unit.code] : []), ...conflicts.map((c) => c.unit.code)])],
    substituteFor: substitutes.map((s) => ({ unitCode: s.unit.code, fieldCode: s.fieldCode })),
  };
}

/** Every council member's duty for the year, by username (members with no part in it are left out). */
export async function councilDuties(db: Reader, year: number): Promise<Map<string, MemberDuty>> {
  const members = await db.user.findMany({
    where: { role: 'council_member', OR: [{ fieldAssignments: { some: { year } } }, { substitutions: { some: { year } } }] },
    select: {
      id: true,
      username: true,
      email: true,
      active: true,
      unit: { select: { code: true } },
      fieldAssignments: { where: { year }, select: { fieldCode: true } },
      conflicts: { where: { year }, select: { unit: { select: { code: true } } } },
      substitutions: { where: { year }, select: { fieldCode: true, unit: { select: { code: true } } } },
    },
    orderBy: { username: 'asc' },
  });
  return new Map(
    members.map((m) => [
      m.username,
      {
        userId: m.id,
        username: m.username,
        email: m.email,
        active: m.active,
        fields: m.fieldAssignments.map((f) => f.fieldCode),
        conflictUnits: [...new Set([...(m.unit ? [m.unit.code] : []), ...m.conflicts.map((c) => c.unit.code)])],
        substituteFor: m.substitutions.map((s) => ({ unitCode: s.unit.code, fieldCode: s.fieldCode })),
      },
    ]),
  );
}
