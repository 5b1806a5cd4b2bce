/** Finds (or builds, once) the Temporal CLI through scripts/setup-temporal.sh. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export function ensureTemporalCli(repoRoot: string, explicitPath?: string): string {
  const output = execFileSync('bash', [join(repoRoot, 'scripts/setup-temporal.sh')], {
    env: { ...process.env, ...(explicitPath ? { TEMPORAL_CLI: explicitPath } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const lines = output.trim().split('\n');
  return lines[lines.length - 1];
}
