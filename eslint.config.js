/**
 * ESLint guards what the compiler cannot: workflow code runs in Temporal's deterministic sandbox
 * and is replayed from history, so it must not reach Node built-ins, the database or activity
 * implementations. Activities are imported as types only and called through proxyActivities.
 * scripts/test/eslint-workflow-rules.unit.test.ts proves these rules still fire.
 */
const { builtinModules } = require('node:module');
const tseslint = require('typescript-eslint');

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const why = 'Workflow code is replayed deterministically in a sandbox: do I/O in an activity (workers/) instead.';

const restrictedImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: `Node built-in "${name}" in a workflow. ${why}` })),
  patterns: [
    { group: ['node:*'], message: `Node built-ins in a workflow. ${why}` },
    { group: [...nodeBuiltins.map((name) => `${name}/*`)], message: `Node built-ins in a workflow. ${why}` },
    { group: ['@mikro-orm/*', 'pg', 'pg/*', '@pco/store', '@pco/store/*', '@electric-sql/*'], message: `Database access in a workflow. ${why}` },
    { group: ['@pco/sync-socket', '@pco/sync-socket/*', 'socket.io', 'nodemailer', 'smtp-server'], message: `Network access in a workflow. ${why}` },
    {
      group: ['@pco/workers', '@pco/workers/*', '**/workers/**'],
      allowTypeImports: true,
      message: 'Activities are imported with `import type` and called through proxyActivities().',
    },
  ],
};

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '**/dist/**', '**/build/**'] },
  {
    files: ['workflows/src/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', restrictedImports],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-globals': ['error', { name: 'process', message: why }, { name: 'require', message: why }],
    },
  },
);
