import { describe, expect, it } from '@jest/globals';
describe('toolchain', () => {
  it('runs TypeScript under jest', () => {
    const n: number = 2;
    expect(n + 2).toBe(4);
  });
});
