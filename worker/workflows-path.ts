import path from 'node:path';

/** The workflow bundle's entry file. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');
