import { normalizeText } from './criteria/read';

/** A unit assessed and ranked (cơ quan, đơn vị). */
export interface Unit {
  /** Short, stable, e.g. "SNV", "HUYEN_LAMBINH". */
  readonly code: string;
  readonly name: string;
}

/** A group ranked separately, with its own criteria set each year (e.g. SO_NGANH, HUYEN). */
export interface UnitGroup {
  readonly code: string;
  readonly name: string;
  readonly units: readonly Unit[];
}

/** The groups and units of a province, as data (seed/units.json). */
export interface UnitRegistry {
  readonly note?: string;
  readonly groups: readonly UnitGroup[];
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

/** Reads a unit registry; unit and group codes must be well formed and unique across the registry. */
export function parseUnitRegistry(input: unknown): { ok: true; value: UnitRegistry } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const codes = new Set<string>();
  const text = (value: unknown): string | undefined => (typeof value === 'string' && normalizeText(value) !== '' ? normalizeText(value) : undefined);
  const code = (value: unknown, what: string): string | undefined => {
    if (typeof value !== 'string' || !CODE.test(value)) {
      problems.push(`Mã ${what} ${JSON.stringify(value)} không hợp lệ (chữ in hoa không dấu, số, dấu gạch dưới).`);
      return undefined;
    }
    if (codes.has(value)) problems.push(`Mã ${value} bị trùng.`);
    codes.add(value);
    return value;
  };
  const root = input as { note?: unknown; groups?: unknown } | null;
  if (typeof root !== 'object' || root === null || !Array.isArray(root.groups)) {
    return { ok: false, problems: ['Danh sách đơn vị phải là đối tượng có mảng “groups”.'] };
  }
  const groups: UnitGroup[] = [];
  for (const g of root.groups as unknown[]) {
    const o = (g ?? {}) as { code?: unknown; name?: unknown; units?: unknown };
    const groupCode = code(o.code, 'nhóm');
    const name = text(o.name);
    if (!name) problems.push(`Nhóm ${String(o.code)}: thiếu tên.`);
    const units: Unit[] = [];
    if (!Array.isArray(o.units)) problems.push(`Nhóm ${String(o.code)}: thiếu danh sách đơn vị (“units”).`);
    else {
      for (const u of o.units as unknown[]) {
        const uo = (u ?? {}) as { code?: unknown; name?: unknown };
        const unitCode = code(uo.code, 'đơn vị');
        const unitName = text(uo.name);
        if (!unitName) problems.push(`Đơn vị ${String(uo.code)}: thiếu tên.`);
        if (unitCode && unitName) units.push({ code: unitCode, name: unitName });
      }
    }
    if (groupCode && name) groups.push({ code: groupCode, name, units });
  }
  if (problems.length > 0) return { ok: false, problems };
  const note = text(root.note);
  return { ok: true, value: { ...(note ? { note } : {}), groups } };
}
