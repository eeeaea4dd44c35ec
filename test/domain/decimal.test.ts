import { describe, expect, it } from '@jest/globals';
import { DomainError, formatHundredths, formatPercent, formatPoints, fromHundredths, mulDivRoundHalfUp, percentOf, toHundredths, tryHundredths } from '../../domain';

describe('toHundredths', () => {
  it.each([
    [62.62, 6262],
    ['62.62', 6262],
    ['62,62', 6262],
    [' 94,49 ', 9449],
    [10.5, 1050],
    ['10.5', 1050],
    [100, 10000],
    [0, 0],
    ['0.07', 7],
    [0.07, 7],
    [1.15, 115],
    [-0.5, -50],
    ['-0,50', -50],
    ['-0', 0],
  ])('%p → %p', (input, expected) => {
    expect(toHundredths(input)).toBe(expected);
  });

  it.each([[NaN], [Infinity], [-Infinity], [0.1 + 0.2], [1.005], ['1.005'], ['1,000.5'], ['1.000,5'], [''], ['abc'], ['1e3'], [1e21], [1e-7], ['12.'], ['.5'], ['9007199254740993']])(
    'refuses %p',
    (input) => {
      expect(() => toHundredths(input)).toThrow(DomainError);
      expect(tryHundredths(input)).toBeNull();
    },
  );

  it('refuses non-numbers in tryHundredths', () => {
    expect(tryHundredths(null)).toBeNull();
    expect(tryHundredths(undefined)).toBeNull();
    expect(tryHundredths({})).toBeNull();
  });

  it('names the value in the Vietnamese message', () => {
    expect(() => toHundredths('1,234')).toThrow('Giá trị "1,234" không phải là số hợp lệ có tối đa 2 chữ số thập phân.');
  });
});

describe('display', () => {
  it.each([
    [9449, '94,49'],
    [6262, '62,62'],
    [10000, '100,00'],
    [5, '0,05'],
    [50, '0,50'],
    [0, '0,00'],
    [-50, '-0,50'],
    [-1234, '-12,34'],
  ])('formatPoints(%p) = %p', (h, text) => {
    expect(formatPoints(h)).toBe(text);
  });
  it('formats percent and dot decimals', () => {
    expect(formatPercent(9449)).toBe('94,49%');
    expect(formatHundredths(9449, '.')).toBe('94.49');
    expect(fromHundredths(9449)).toBe(94.49);
  });
  it('refuses non-integers', () => {
    expect(() => formatPoints(1.5)).toThrow(DomainError);
    expect(() => fromHundredths(NaN)).toThrow(DomainError);
  });
});

describe('exact rounding', () => {
  it('reproduces the published 62.62 points = 94.49 %', () => {
    // 62.62 of a maximum of 66.27 (applicable leaves only): 94.4922…% → 94.49 %.
    expect(percentOf(6262, 6627)).toBe(9449);
  });
  it.each([
    [1, 1, 2, 1], // 0.5 → 1 (half-up)
    [1, 1, 3, 0], // 0.333 → 0
    [2, 1, 3, 1], // 0.667 → 1
    [5, 1, 2, 3], // 2.5 → 3
    [7, 1, 2, 4], // 3.5 → 4
    [0, 5, 7, 0],
    [200, 2, 3, 133], // 133.33
    [100, 5, 8, 63], // 62.5 → 63
  ])('round(%p × %p ÷ %p) = %p', (a, b, d, expected) => {
    expect(mulDivRoundHalfUp(a, b, d)).toBe(expected);
  });
  it('switches to BigInt when the product passes 2^53 and stays exact', () => {
    const [a, b, d] = [2 ** 40 + 7, 2 ** 20 + 3, 4097];
    const p = BigInt(a) * BigInt(b);
    const exact = p / BigInt(d) + (2n * (p % BigInt(d)) >= BigInt(d) ? 1n : 0n);
    expect(BigInt(mulDivRoundHalfUp(a, b, d))).toBe(exact);
    expect(() => mulDivRoundHalfUp(2 ** 40, 2 ** 20, 3)).toThrow(DomainError);
  });
  it('refuses negative operands and zero divisors', () => {
    expect(() => mulDivRoundHalfUp(-1, 1, 2)).toThrow(DomainError);
    expect(() => mulDivRoundHalfUp(1, 1, 0)).toThrow(DomainError);
    expect(() => mulDivRoundHalfUp(0.5, 1, 2)).toThrow(DomainError);
  });
});
