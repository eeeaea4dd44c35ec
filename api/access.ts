import type { Db } from '../lib/db/prisma';
import { isUnitRole } from '../domain/roles';
import type { Principal } from './auth/principal';
import { forbidden, notFound } from './problem';

/**
 * Finds a unit's assessment for a year and checks the principal may see it: a unit's own people see
 * only their unit; the council, Sở Nội vụ, the chair and viewers see every unit.
 */
export async function assessmentFor(db: Db, principal: Principal, year: number, unitCode: string) {
  if (isUnitRole(principal.role) && principal.unitCode !== unitCode) {
    throw forbidden('Bạn chỉ được truy cập hồ sơ của đơn vị mình.');
  }
  const assessment = await db.assessment.findFirst({
    where: { year, unit: { code: unitCode } },
    // The set's tree is large and rarely changes: callers get it through loadSet's cache.
    include: { unit: true, group: true, criteriaSet: { select: { id: true, updatedAt: true, title: true } } },
  });
  if (!assessment) throw notFound(`Không có hồ sơ đánh giá năm ${year} của đơn vị ${unitCode}.`);
  return assessment;
}
