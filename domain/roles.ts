/** Who does what in the yearly index (DOMAIN.md, "roles"). */
export const ROLES = ['unit_officer', 'unit_head', 'council_member', 'secretariat', 'chair', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  unit_officer: 'Công chức đơn vị (nhập điểm, minh chứng)',
  unit_head: 'Thủ trưởng đơn vị (nộp hồ sơ)',
  council_member: 'Thành viên Hội đồng thẩm định',
  secretariat: 'Sở Nội vụ (thường trực)',
  chair: 'Chủ tịch Hội đồng thẩm định',
  viewer: 'Lãnh đạo (chỉ xem)',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that belong to one unit and see only that unit's assessment. */
export const UNIT_ROLES = ['unit_officer', 'unit_head'] as const satisfies readonly Role[];

export function isUnitRole(role: Role): boolean {
  return (UNIT_ROLES as readonly Role[]).includes(role);
}

/** A council member may belong to a unit (where they work); they then do not appraise it. */
export function mayBelongToUnit(role: Role): boolean {
  return isUnitRole(role) || role === 'council_member';
}
