/**
 * ESLint guards what the compiler cannot, over every package.
 *
 * - Package boundaries: a package is used through its public index (its package.json `exports`),
 *   never through `@pco/<package>/src/...`; only the store talks to the database, so no other
 *   package imports MikroORM or pg except for types.
 * - Promises: a floating or misused promise loses errors (an unhandled rejection in the gateway,
 *   an activity that "succeeds" before its write); type-aware rules catch both.
 * - Exhaustive switches over unions, so a new event type or error code cannot fall through.
 * - The field app (field-client/app) is browser code: no Node built-ins, no server packages.
 * - The console (Remix) renders in the browser too: only its `*.server.ts` modules (and its Express
 *   host in console/server) may import the store, Temporal or Node built-ins as values; routes and
 *   components import their types only (console/test/server-boundary.unit.test.ts holds the same rule).
 * - Workflow code runs in Temporal's deterministic sandbox and is replayed from history, so it
 *   must not reach Node built-ins, the database or activity implementations. Activities are
 *   imported as types only and called through proxyActivities.
 *
 * scripts/test/eslint-workflow-rules.unit.test.ts and scripts/test/eslint-boundary-rules.unit.test.ts
 * prove these rules still fire.
 */
const { builtinModules } = require('node:module');
const tseslint = require('typescript-eslint');

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const why = 'Workflow code is replayed deterministically in a sandbox: do I/O in an activity (workers/) instead.';

/** Every package: its public index only. */
const boundaryPatterns = [
  {
    group: ['@pco/*/src', '@pco/*/src/*', '@pco/*/test', '@pco/*/test/*'],
    message:
      "Import the package's public index (@pco/<package>) or an `exports` entry such as @pco/store/test-support.",
  },
];

/** Outside the store: the database only through @pco/store (types of the ORM are fine). */
const databasePatterns = [
  {
    group: ['@mikro-orm/*', 'pg', 'pg/*'],
    allowTypeImports: true,
    message: 'SQL and EntityManager calls live in store/: call a named function exported from @pco/store.',
  },
];

/** The field app runs in the phone's browser: no Node built-ins, no server-side packages. */
const fieldAppPatterns = [
  {
    group: ['node:*', ...nodeBuiltins.map((name) => `${name}/*`)],
    message: 'The field app runs in a browser: no Node built-ins.',
  },
  {
    group: [
      '@pco/store',
      '@pco/store/*',
      '@pco/sync-socket',
      '@pco/sync-socket/*',
      '@pco/workers',
      '@pco/workers/*',
      '@pco/workflows',
      '@pco/config',
    ],
    message:
      'The field app runs in a browser: it talks to the server through @pco/field-client (HTTP and Socket.IO), not server packages.',
  },
];

const workflowPatterns = [
  { group: ['node:*'], message: `Node built-ins in a workflow. ${why}` },
  { group: [...nodeBuiltins.map((name) => `${name}/*`)], message: `Node built-ins in a workflow. ${why}` },
  {
    group: ['@mikro-orm/*', 'pg', 'pg/*', '@pco/store', '@pco/store/*', '@electric-sql/*'],
    message: `Database access in a workflow. ${why}`,
  },
  {
    group: ['@pco/sync-socket', '@pco/sync-socket/*', 'socket.io', 'nodemailer', 'smtp-server'],
    message: `Network access in a workflow. ${why}`,
  },
  {
    group: ['@pco/workers', '@pco/workers/*', '**/workers/**'],
    allowTypeImports: true,
    message: 'Activities are imported with `import type` and called through proxyActivities().',
  },
];

/** Console modules that reach the browser bundle: server-only packages for their types only. */
const consoleBrowserPatterns = [
  {
    group: [
      '@pco/store',
      '@pco/store/*',
      '@pco/workflows',
      '@pco/workers',
      '@pco/workers/*',
      '@pco/sync-socket',
      '@pco/sync-socket/*',
      '@temporalio/*',
    ],
    allowTypeImports: true,
    message: 'Browser code: move the call into an app/lib/*.server.ts module and import only its types here.',
  },
  { group: ['node:*'], message: 'Browser code: Node built-ins belong in an app/lib/*.server.ts module.' },
];

const typed = {
  languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
};

const promiseRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
};

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'data/**',
      '**/dist/**',
      '**/build/**',
      'console/.cache/**',
      'console/test-results/**',
      '.jest-results/**',
    ],
  },
  // Some files disable recommended-config rules for editors that run them; not an error here.
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    ...typed,
    rules: {
      ...promiseRules,
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...boundaryPatterns, ...databasePatterns] }],
    },
  },
  {
    // The console: TypeScript and TSX (console/tsconfig.json), browser and server code.
    files: ['console/**/*.ts', 'console/**/*.tsx', 'console/**/*.mts'],
    extends: [tseslint.configs.base],
    ...typed,
    rules: {
      ...promiseRules,
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...boundaryPatterns, ...databasePatterns] }],
    },
  },
  {
    // What the browser bundle may contain: routes, components and the pure form modules.
    files: ['console/app/**/*.ts', 'console/app/**/*.tsx'],
    ignores: ['console/app/**/*.server.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...boundaryPatterns, ...databasePatterns, ...consoleBrowserPatterns] },
      ],
    },
  },
  {
    // The store is the door to PostgreSQL: it may import the ORM and the driver.
    files: ['store/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: boundaryPatterns }] },
  },
  {
    // The technician's PWA (field-client/app, React, typed by its own tsconfig): browser code. It
    // reaches the device only through @pco/field-client's public index, and has no Node built-ins
    // or database to reach for. vite.config.ts is build tooling and runs in Node.
    files: ['field-client/app/**/*.{ts,tsx}'],
    extends: [tseslint.configs.base],
    ...typed,
    rules: {
      ...promiseRules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          // Bare built-in names as exact paths: a pattern "domain" would also match @pco/domain.
          paths: nodeBuiltins.map((name) => ({ name, message: 'The field app runs in a browser: no Node built-ins.' })),
          patterns: [...boundaryPatterns, ...databasePatterns, ...fieldAppPatterns],
        },
      ],
    },
  },
  {
    files: ['field-client/app/vite.config.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...boundaryPatterns, ...databasePatterns] }],
    },
  },
  {
    files: ['workflows/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: `Node built-in "${name}" in a workflow. ${why}` })),
          patterns: [...boundaryPatterns, ...workflowPatterns],
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: why }, { name: 'require', message: why }],
    },
  },
);
