import { hashPassword } from '../../api/auth/password';
import type { Role } from '../../domain/roles';
import type { Db } from '../../lib/db/prisma';

/** Unit groups, units and users for a test, written straight to the test database. */

export const TEST_PASSWORD = 'Mật-khẩu-thử-2024';
let passwordHash: Promise<string> | undefined;

export interface OrgSpec {
  groups: { code: string; name?: string; units: string[] }[];
  /** Extra users: username → role, with the unit code for unit roles. */
  users?: { username: string; role: Role; unit?: string; email?: string }[];
}

/** For every unit: `<code>.canbo` (officer) and `<code>.thutruong` (head). */
export async function seedOrg(db: Db, spec: OrgSpec): Promise<void> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const unitIds = new Map<string, string>();
  for (const [order, group] of spec.groups.entries()) {
    const g = await db.unitGroup.create({ data: { code: group.code, name: group.name ?? `Nhóm ${group.code}`, order } });
    for (const code of group.units) {
      const unit = await db.unit.create({ data: { code, name: `Đơn vị ${code}`, groupId: g.id, email: `${code.toLowerCase()}@donvi.example` } });
      unitIds.set(code, unit.id);
      const base = code.toLowerCase();
      await db.user.createMany({
        data: [
          { username: `${base}.canbo`, fullName: `Cán bộ ${code}`, role: 'unit_officer', unitId: unit.id, email: `${base}.canbo@donvi.example`, passwordHash: hash },
          { username: `${base}.thutruong`, fullName: `Thủ trưởng ${code}`, role: 'unit_head', unitId: unit.id, email: `${base}.thutruong@donvi.example`, passwordHash: hash },
        ],
      });
    }
  }
  for (const u of spec.users ?? []) {
    await db.user.create({
      data: {
        username: u.username,
        fullName: `Người dùng ${u.username}`,
        role: u.role,
        unitId: u.unit ? unitIds.get(u.unit)! : null,
        email: u.email ?? `${u.username}@tinh.example`,
        passwordHash: hash,
      },
    });
  }
}

export async function assignFields(db: Db, year: number, username: string, fields: string[]): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { username } });
  await db.fieldAssignment.createMany({ data: fields.map((fieldCode) => ({ year, fieldCode, userId: user.id })) });
}
