import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { isLeaf, LEAF_KINDS, parseUnitRegistry, scoreUnit, type CriteriaNode, type LeafNode } from '../../domain';
import { loadSample } from './fixtures';

function leaves(nodes: readonly CriteriaNode[]): LeafNode[] {
  return nodes.flatMap((n) => (isLeaf(n) ? [n] : leaves(n.children)));
}

describe.each(['departments', 'districts'] as const)('sample set: %s', (name) => {
  const set = loadSample(name);

  it('is valid, 100 points over the eight national fields, and labelled as a sample', () => {
    expect(set.scale).toBe(10000);
    expect(set.sample).toBe(true);
    expect(set.title).toMatch(/^\[MẪU\]/);
    expect(set.note).toContain('BỘ TIÊU CHÍ MẪU');
    expect(set.note).toContain('Quyết định số 148/QĐ-UBND');
    const fields = set.nodes.filter((n) => !isLeaf(n) && n.adjustment === undefined);
    expect(fields.map((f) => f.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // Known national field maxima: field 3 = 13, field 4 = 10.5, field 5 = 15, field 8 = 16.5.
    expect(fields.filter((f) => ['3', '4', '5', '8'].includes(f.code)).map((f) => f.max)).toEqual([1300, 1050, 1500, 1650]);
  });

  it('has a leaf of every kind, a bonus section and a penalty section', () => {
    const kinds = new Set(leaves(set.nodes).map((l) => l.kind));
    expect([...kinds].sort()).toEqual([...LEAF_KINDS].sort());
    expect(set.nodes.filter((n) => !isLeaf(n) && n.adjustment).map((n) => [n.code, (n as { adjustment?: string }).adjustment])).toEqual([
      ['9', 'bonus'],
      ['10', 'penalty'],
    ]);
  });

  it('has Vietnamese titles, methods and evidence on every leaf', () => {
    for (const leaf of leaves(set.nodes)) {
      expect(leaf.title.length).toBeGreaterThan(10);
      expect(leaf.method.length).toBeGreaterThan(10);
      expect(leaf.evidence.length).toBeGreaterThan(5);
      expect(leaf.title).toBe(leaf.title.normalize('NFC'));
    }
  });

  it('scores a unit with nothing entered without trouble', () => {
    const score = scoreUnit(set, { unitCode: 'X', leaves: {} });
    expect(score.index).toBe(0);
    expect(score.issues).toEqual([]);
  });

  it('JSON file is exactly the canonical form of the set', () => {
    const text = readFileSync(join(__dirname, '../../seed/criteria', `${name}-2023.sample.json`), 'utf8');
    expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(set)));
  });
});

describe('seed units', () => {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../seed/units.json'), 'utf8'));
  const parsed = parseUnitRegistry(raw);

  it('holds the 19 departments and 7 district-level units in two groups', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.groups.map((g) => [g.code, g.name, g.units.length])).toEqual([
      ['SO_NGANH', 'Cơ quan chuyên môn, cơ quan quản lý nhà nước thuộc UBND tỉnh', 19],
      ['HUYEN', 'UBND huyện, thành phố', 7],
    ]);
    const names = parsed.value.groups.flatMap((g) => g.units.map((u) => u.name));
    expect(names).toEqual(expect.arrayContaining(['Sở Tư pháp', 'Sở Nội vụ', 'Ban Quản lý các Khu công nghiệp tỉnh', 'UBND thành phố Tuyên Quang', 'UBND huyện Lâm Bình', 'UBND huyện Chiêm Hóa']));
  });

  it('matches the sample sets’ group codes', () => {
    if (!parsed.ok) throw new Error('units');
    expect(parsed.value.groups.map((g) => g.code).sort()).toEqual([loadSample('districts').groupCode, loadSample('departments').groupCode].sort());
  });

  it('refuses duplicate or malformed codes', () => {
    const bad = parseUnitRegistry({ groups: [{ code: 'SO_NGANH', name: 'x', units: [{ code: 'SNV', name: 'Sở Nội vụ' }, { code: 'SNV', name: 'Trùng' }, { code: 'sở', name: 'y' }] }] });
    expect(bad).toEqual({ ok: false, problems: ['Mã SNV bị trùng.', 'Mã đơn vị "sở" không hợp lệ (chữ in hoa không dấu, số, dấu gạch dưới).'] });
  });
});
