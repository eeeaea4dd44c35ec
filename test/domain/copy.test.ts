import { describe, expect, it } from '@jest/globals';
import { copyCriteriaSetToYear, DomainError, validateCriteriaSet } from '../../domain';
import { loadSample, miniSet } from './fixtures';

describe('copyCriteriaSetToYear', () => {
  const set = loadSample('departments');

  it('carries the whole tree over to the next year and moves the year in the title', () => {
    const next = copyCriteriaSetToYear(set, 2024);
    expect(next.year).toBe(2024);
    expect(next.title).toBe('[MẪU] Bộ tiêu chí xác định Chỉ số cải cách hành chính của các cơ quan chuyên môn, cơ quan quản lý nhà nước thuộc UBND tỉnh năm 2024');
    expect(next.nodes).toStrictEqual(set.nodes);
    expect({ ...next, year: set.year, title: set.title }).toStrictEqual(set);
    expect(validateCriteriaSet(next)).toEqual([]);
  });

  it('shares nothing with the original', () => {
    const next = copyCriteriaSetToYear(set, 2024);
    expect(next.nodes).not.toBe(set.nodes);
    expect(next.nodes[0]).not.toBe(set.nodes[0]);
    (next.nodes as unknown as { title: string }[])[0]!.title = 'đổi';
    expect(set.nodes[0]!.title).toBe('Công tác chỉ đạo, điều hành cải cách hành chính');
  });

  it('leaves other numbers in the title alone and takes overrides', () => {
    const s = { ...miniSet(), title: 'Bộ tiêu chí 2023 (Đề án 2022-2030, năm 2023)', note: 'cũ' };
    expect(copyCriteriaSetToYear(s, 2024).title).toBe('Bộ tiêu chí 2024 (Đề án 2022-2030, năm 2024)');
    const official = copyCriteriaSetToYear(s, 2024, { title: 'Bộ chính thức 2024', sample: false, note: '' });
    expect(official).toMatchObject({ title: 'Bộ chính thức 2024', sample: false });
    expect('note' in official).toBe(false);
  });

  it('refuses the same year or a nonsense one', () => {
    expect(() => copyCriteriaSetToYear(set, 2023)).toThrow(DomainError);
    expect(() => copyCriteriaSetToYear(set, 24)).toThrow(DomainError);
    expect(() => copyCriteriaSetToYear(set, 2024.5)).toThrow(DomainError);
  });
});
