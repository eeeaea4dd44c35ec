import type { Db } from '../../../lib/db/prisma';
import { seedOrg } from '../../support/org';

/** Two unit groups (three departments, two districts) and one account per council-side role. */
export function seedTwoGroups(db: Db): Promise<void> {
  return seedOrg(db, {
    groups: [
      { code: 'SO_NGANH', name: 'Các sở, ban, ngành', units: ['SNV', 'STP', 'SYT'] },
      { code: 'HUYEN', name: 'UBND huyện, thành phố', units: ['HLB', 'HNH'] },
    ],
    users: [
      { username: 'sonoivu', role: 'secretariat' },
      { username: 'hoidong1', role: 'council_member' },
      { username: 'hoidong2', role: 'council_member' },
      { username: 'chutich', role: 'chair' },
      { username: 'lanhdao', role: 'viewer' },
    ],
  });
}
