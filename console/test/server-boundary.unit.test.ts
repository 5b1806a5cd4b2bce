/**
 * The console's boundary: only `*.server.ts` modules touch the store or Temporal. Route modules
 * and components may import their TYPES (erased at build) but no value, so nothing server-side
 * can leak into the browser bundle and every read or write goes through one reviewed place.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const APP = join(__dirname, '../app');
const SERVER_ONLY = /^(@pco\/store|@pco\/workflows|@temporalio\/[\w-]+|@mikro-orm\/[\w-]+|pg)$/;

/** Value imports of server-only packages in one module's source (type-only imports are fine). */
export function serverValueImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*import\s+(type\s+)?([^'"]*?)\s*from\s*'([^']+)'/gm)) {
    const [, typeOnly, clause, from] = match;
    if (!SERVER_ONLY.test(from) || typeOnly) continue;
    const names =
      /\{([^}]*)\}/
        .exec(clause)?.[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean) ?? [];
    const allTypes = names.length > 0 && !/^[\w$]+\s*,/.test(clause) && names.every((n) => n.startsWith('type '));
    if (!allTypes) found.push(from);
  }
  return found;
}

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.server.ts') ? [path] : [];
  });
}

it('the check fires on value imports and lets type-only imports through', () => {
  expect(serverValueImports(`import { getConflict } from '@pco/store';`)).toEqual(['@pco/store']);
  expect(serverValueImports(`import { type Em, query } from '@pco/store';`)).toEqual(['@pco/store']);
  expect(
    serverValueImports(`import { Client } from '@temporalio/client';\nimport { decideUpdate } from '@pco/workflows';`),
  ).toEqual(['@temporalio/client', '@pco/workflows']);
  expect(
    serverValueImports(
      `import type { Em } from '@pco/store';\nimport { type Quantity } from '@pco/workflows';\nimport { Form } from '@remix-run/react';`,
    ),
  ).toEqual([]);
});

it('no route, component or shared module outside *.server.ts imports a store or Temporal value', () => {
  const offenders = modules(APP)
    .map((path) => ({ file: relative(APP, path), imports: serverValueImports(readFileSync(path, 'utf8')) }))
    .filter((m) => m.imports.length > 0);
  expect(offenders).toEqual([]);
  expect(modules(APP).length).toBeGreaterThan(15);
});
