import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * domain/ is imported by Temporal workflows, which run sandboxed and must be deterministic: no Node
 * built-ins, no clock, no randomness, no Buffer and no exceljs (spreadsheets are read and written in
 * adapters/xlsx/).
 */
const root = join(__dirname, '../../domain');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const sources = files(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
const NODE_BUILTINS = /from\s+['"](node:[^'"]+|fs|path|crypto|os|child_process|http|https|net|stream|util|zlib|buffer|timers|worker_threads)['"]/;

describe('domain purity', () => {
  it.each(sources.map((s) => [s.path, s.text]))('%s imports no Node built-in and reads no clock or randomness', (path, text) => {
    expect(text).not.toMatch(NODE_BUILTINS);
    expect(text).not.toMatch(/\bDate\.now\s*\(|\bMath\.random\s*\(|\bprocess\.|\bsetTimeout\s*\(|\brequire\s*\(/);
    expect(text).not.toMatch(/from\s+['"]exceljs['"]/);
    expect(text).not.toMatch(/\bBuffer\b/);
    expect(text).not.toMatch(/from\s+['"][./]*(adapters|services|lib|api)\//);
  });
});
