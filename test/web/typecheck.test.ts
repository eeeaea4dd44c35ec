import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

/**
 * The browser sources have their own tsconfig (DOM library, bundler resolution), so the root
 * `tsc -p .` does not see them; this checks them with the same compiler and strictness.
 */
describe('web/src', () => {
  it('type-checks under its own tsconfig', () => {
    const configPath = path.resolve(__dirname, '../../web/src/tsconfig.json');
    const { config, error } = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
    expect(error).toBeUndefined();
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath));
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
      return `${d.file ? path.relative(process.cwd(), d.file.fileName) : ''}${where ? `:${where.line + 1}:${where.character + 1}` : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
