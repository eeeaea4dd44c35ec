/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Each wait fails a stuck test first, naming what it waited for; this only bounds what no wait covers.
  testTimeout: 600_000,
  // Two cores: files run two at a time; each brings its own database and Temporal namespace.
  maxWorkers: 2,
};
