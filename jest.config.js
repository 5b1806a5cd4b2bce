/** One root config, one project per test layer: `*.unit.test.ts`, `*.int.test.ts`, `*.e2e.test.ts`. */
// `npm test` writes --outputFile=.jest-results/results.json and Jest does not create the folder.
require('node:fs').mkdirSync(require('node:path').join(__dirname, '.jest-results'), { recursive: true });

const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = {
  transform,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/data/', '<rootDir>/console/build/'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.test.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.test.ts'],
      // Real PostgreSQL (checked) and one shared Temporal dev server for every int test file.
      globalSetup: '<rootDir>/jest/global-setup.ts',
      globalTeardown: '<rootDir>/jest/global-teardown.ts',
      setupFiles: ['<rootDir>/jest/quiet-temporal-logs.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.test.ts'],
      // The int project's services (reusing its Temporal dev server when both run), plus one build each of the field app and the console.
      globalSetup: '<rootDir>/jest/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/jest/global-teardown.ts',
      setupFiles: ['<rootDir>/jest/quiet-temporal-logs.ts'],
    },
  ],
};
