/** One root config, one project per test layer: `*.unit.test.ts`, `*.int.test.ts`, `*.e2e.test.ts`. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const common = { transform, testEnvironment: 'node', modulePathIgnorePatterns: ['<rootDir>/data/'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.test.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int.test.ts'] },
  ],
};
