import { describe, expect, it } from '@jest/globals';
import { formatLeafParams, parseLeafParams, parseCriteriaSet } from '../../domain';
import { miniSet, mutable, type Loose } from './fixtures';

describe('parseLeafParams', () => {
  it.each([
    ['tiered', '1 = Đúng hạn\n0,5 điểm = Chậm = muộn\n0.00=Không', { levels: [{ points: 100, label: 'Đúng hạn' }, { points: 50, label: 'Chậm = muộn' }, { points: 0, label: 'Không' }] }],
    ['threshold', 'Tỉ lệ: Tỷ lệ hoàn thành\nTừ 90% = 2\ntừ 70,5 % đến dưới 90 % = 1 điểm\ntừ 0 đến dưới 70,5 = 0', {
      ratioLabel: 'Tỷ lệ hoàn thành',
      bands: [{ from: 9000, to: null, points: 200 }, { from: 7050, to: 9000, points: 100 }, { from: 0, to: 7050, points: 0 }],
    }],
    ['formula', 'Tử số: Số hồ sơ: đúng hạn\nMẫu số: Tổng số\nCách tính: Theo tỉ lệ', { numerator: 'Số hồ sơ: đúng hạn', denominator: 'Tổng số', mode: 'proportional' }],
    ['formula', 'Tử số: a\nMẫu số: b\nCách tính: theo khoảng\ntừ 100% = 1\ntừ 0% đến dưới 100% = 0\nMẫu số bằng 0: Không áp dụng', {
      numerator: 'a', denominator: 'b', mode: 'bands', bands: [{ from: 10000, to: null, points: 100 }, { from: 0, to: 10000, points: 0 }], onZeroDenominator: 'notApplicable',
    }],
    ['satisfaction', '', {}],
    ['satisfaction', 'từ 90% = 3\ntừ 0% đến dưới 90% = 0', { bands: [{ from: 9000, to: null, points: 300 }, { from: 0, to: 9000, points: 0 }] }],
    ['bonus', 'Mỗi lần: 0,5', { perOccurrence: 50 }],
    ['penalty', '  ', {}],
    ['binary', '', {}],
    ['survey', '\n\n', {}],
  ] as const)('%s: %j', (kind, text, params) => {
    expect(parseLeafParams(kind, text)).toEqual({ ok: true, params });
  });

  it.each([
    ['tiered', 'Đúng hạn = 1', 'không đúng cú pháp mức điểm'],
    ['tiered', '1,005 = Đúng hạn', 'số “1,005” không hợp lệ (tối đa 2 chữ số thập phân).'],
    ['threshold', 'trên 90% = 2', 'không hiểu dòng “trên 90% = 2”; loại này nhận: “Tỷ lệ: …”, “từ …% đến dưới …% = …”.'],
    ['threshold', 'từ 90% đến 100% = 2', 'không đúng cú pháp khoảng tỷ lệ'],
    ['formula', 'Tử số: a\nTử số: b', '“Tử số” được khai báo hai lần.'],
    ['formula', 'Cách tính: trung bình', 'cách tính “trung bình” không hợp lệ; dùng “tỷ lệ” hoặc “theo khoảng”.'],
    ['formula', 'Mẫu số bằng 0: bỏ qua', '“bỏ qua” không hợp lệ; dùng: điểm tối đa, 0 điểm, không áp dụng.'],
    ['bonus', 'Tỷ lệ: x', 'không hiểu dòng “Tỷ lệ: x”; loại này nhận: “Mỗi lần: …”.'],
    ['binary', 'Đạt = 1', 'loại này không có tham số; để trống ô (nhận được “Đạt = 1”).'],
  ] as const)('%s refuses %j', (kind, text, message) => {
    const result = parseLeafParams(kind, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message).join(' | ')).toContain(message);
  });

  it('gives back what it formats, for every leaf of the mini set', () => {
    const visit = (nodes: readonly Loose[]): void => {
      for (const n of nodes) {
        if (n.children) visit(n.children);
        else {
          const { code, title, max, kind, scoredBy, method, evidence, ...params } = n;
          void [code, title, max, scoredBy, method, evidence];
          expect(parseLeafParams(kind, formatLeafParams(n))).toEqual({ ok: true, params });
        }
      }
    };
    visit(miniSet().nodes);
  });
});

describe('text normalisation in criteria sets', () => {
  it('uses \\n line ends and refuses control characters', () => {
    const raw = mutable(miniSet());
    raw.nodes[0].children[1].method = 'Dòng 1\r\nDòng 2\rDòng 3';
    const ok = parseCriteriaSet(raw);
    expect(ok.ok && (ok.value.nodes[0] as Loose).children[1].method).toBe('Dòng 1\nDòng 2\nDòng 3');
    raw.nodes[0].children[1].evidence = 'Kế hoạch\u0007';
    const bad = parseCriteriaSet(raw);
    expect(bad.ok ? [] : bad.issues.map((i) => [i.code, i.nodeCode, i.field])).toEqual([['INVALID_VALUE', '1.2', 'evidence']]);
  });
});
