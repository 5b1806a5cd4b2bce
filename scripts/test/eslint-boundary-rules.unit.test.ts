/**
 * The repository-wide rules in eslint.config.js, exercised on sample code, so a config edit cannot
 * silently switch them off: package boundaries (public index only), the database only in the
 * store, and the type-aware promise and switch rules. Each sample "lives" at an existing file of
 * the package it pretends to be in: the typed parser only accepts files of the TypeScript project.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';

jest.setTimeout(60_000);

const repoRoot = join(__dirname, '../..');
// The config is required, not looked up: ESLint's own loader uses import(), which Jest's VM refuses.
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfigFile: true,
  overrideConfig: require('../../eslint.config.js'),
});

const GATEWAY_FILE = 'sync-socket/src/index.ts';
const WORKERS_FILE = 'workers/src/index.ts';
const STORE_FILE = 'store/src/index.ts';
const SCRIPT_FILE = 'scripts/ops/lib.ts';

async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

// Spelled in parts, so the repository-wide search for deep imports (`@pco/<package>/src`) finds no sample here.
const SRC = 'src';

describe('package boundary rules', () => {
  it.each([
    [GATEWAY_FILE, `import { query } from '@pco/store/${SRC}/sql';`],
    [WORKERS_FILE, `import { planResolution } from '@pco/domain/${SRC}/conflict-resolution';`],
    [SCRIPT_FILE, `import { startGateway } from '@pco/sync-socket/${SRC}';`],
    [WORKERS_FILE, "import { startTestGateway } from '@pco/sync-socket/test/helpers/test-gateway';"],
  ])('given a deep import in %s (%s), then no-restricted-imports fires', async (file, line) => {
    const ids = await ruleIdsFor(file, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`);
    expect(ids).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('given the public index or an exports entry, then the import is clean', async () => {
    const code =
      "import { query } from '@pco/store';\nimport { freshDatabase } from '@pco/store/test-support';\nexport const used = [query, freshDatabase];\n";
    expect(await ruleIdsFor(GATEWAY_FILE, code)).toEqual([]);
  });
});

describe('the database only in the store', () => {
  it.each([
    [WORKERS_FILE, "import { MikroORM } from '@mikro-orm/core';"],
    [GATEWAY_FILE, "import { Client } from 'pg';"],
  ])('given a value import of the ORM or driver in %s (%s), then no-restricted-imports fires', async (file, line) => {
    const ids = await ruleIdsFor(file, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`);
    expect(ids).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('given a type-only import of the ORM outside the store, then it is clean', async () => {
    const code = "import type { MikroORM } from '@mikro-orm/core';\nexport type Orm = MikroORM;\n";
    expect(await ruleIdsFor(WORKERS_FILE, code)).toEqual([]);
  });

  it('given the ORM imported inside the store, then it is clean', async () => {
    const code = "import { MikroORM } from '@mikro-orm/core';\nexport const used = [MikroORM];\n";
    expect(await ruleIdsFor(STORE_FILE, code)).toEqual([]);
  });
});

describe('type-aware rules in every package', () => {
  it('given a floating promise in the gateway, then no-floating-promises fires', async () => {
    const code = 'async function later(): Promise<void> {}\nexport function f(): void { later(); }\n';
    expect(await ruleIdsFor(GATEWAY_FILE, code)).toContain('@typescript-eslint/no-floating-promises');
  });

  it('given a promise where a boolean is expected, then no-misused-promises fires', async () => {
    const code =
      'async function ready(): Promise<boolean> { return true; }\nexport function f(): number { return ready() ? 1 : 0; }\n';
    expect(await ruleIdsFor(WORKERS_FILE, code)).toContain('@typescript-eslint/no-misused-promises');
  });

  it('given a switch that misses a member of a union, then switch-exhaustiveness-check fires', async () => {
    const code = [
      "export function f(kind: 'a' | 'b'): number {",
      '  switch (kind) {',
      "    case 'a':",
      '      return 1;',
      '  }',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    expect(await ruleIdsFor(STORE_FILE, code)).toContain('@typescript-eslint/switch-exhaustiveness-check');
  });
});

describe('the field app (browser code, field-client/app)', () => {
  const APP_FILE = 'field-client/app/src/format.ts';
  const APP_SCREEN = 'field-client/app/src/screens/Enrol.tsx';

  it.each([
    ["import { readFileSync } from 'fs';"],
    ["import { join } from 'node:path';"],
    ["import { createOrm } from '@pco/store';"],
    ["import { startGateway } from '@pco/sync-socket';"],
  ])('given %s in the app, then no-restricted-imports fires', async (line) => {
    const ids = await ruleIdsFor(APP_FILE, `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`);
    expect(ids).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('given the engine and the domain through their public indexes, then the import is clean', async () => {
    const code =
      "import { FieldClient } from '@pco/field-client';\nimport { isSupervisor } from '@pco/domain';\nexport const used = [FieldClient, isSupervisor];\n";
    expect(await ruleIdsFor(APP_FILE, code)).toEqual([]);
  });

  it('given a floating promise in a screen (.tsx), then no-floating-promises fires', async () => {
    const code = 'async function later(): Promise<void> {}\nexport function f(): void { later(); }\n';
    expect(await ruleIdsFor(APP_SCREEN, code)).toContain('@typescript-eslint/no-floating-promises');
  });
});
