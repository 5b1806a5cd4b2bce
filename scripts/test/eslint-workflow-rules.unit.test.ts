/**
 * The workflow import rules in eslint.config.js, exercised on sample code, so a config edit
 * cannot silently switch them off. The sample "lives" at an existing workflow path: the typed
 * parser only accepts files of the TypeScript project.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';

jest.setTimeout(60_000);

const repoRoot = join(__dirname, '../..');
const workflowFile = join(repoRoot, 'workflows/src/ping.ts');
// The config is required, not looked up: ESLint's own loader uses import(), which Jest's VM refuses.
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfigFile: true,
  overrideConfig: require('../../eslint.config.js'),
});

async function ruleIdsFor(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: workflowFile });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('workflow lint rules', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", 'node: built-in'],
    ["import * as fs from 'fs';", 'bare built-in'],
    ["import { randomUUID } from 'crypto';", 'crypto'],
    ["import { promises } from 'fs/promises';", 'built-in subpath'],
    ["import { MikroORM } from '@mikro-orm/core';", 'ORM'],
    ["import { Client } from 'pg';", 'pg'],
    ["import { createOrm } from '@pco/store';", 'store'],
    ["import { createPingActivities } from '@pco/workers';", 'activity value import'],
  ])('given %s (%s) in workflow code, then no-restricted-imports fires', async (line) => {
    const ids = await ruleIdsFor(
      `${line}\nexport const used = [${line
        .match(/\{ (\w+) \}|\* as (\w+)/)!
        .slice(1)
        .find(Boolean)}];\n`,
    );
    expect(ids).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('given an activity imported as a type only, then the workflow is clean', async () => {
    const code = [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import type { PingActivities } from '@pco/workers';",
      "const { readPingReading } = proxyActivities<PingActivities>({ startToCloseTimeout: '1 second' });",
      'export async function w(): Promise<number> { return (await readPingReading()).persons; }',
      '',
    ].join('\n');
    expect(await ruleIdsFor(code)).toEqual([]);
  });

  it('given a promise left floating in a workflow, then no-floating-promises fires', async () => {
    const code = 'async function later(): Promise<void> {}\nexport function w(): void { later(); }\n';
    expect(await ruleIdsFor(code)).toContain('@typescript-eslint/no-floating-promises');
  });
});
