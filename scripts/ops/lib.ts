/**
 * Shared by the ops CLIs (`npm run ops:*`): a Temporal client from @pco/config, flag parsing,
 * and one way to fail (a message on stderr and exit code 64 for usage, 1 otherwise).
 */
import { loadConfigOrExit, type Config } from '@pco/config';
import { connectClient, type TemporalClientHandle } from '@pco/workers';

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string>;
}

/** `a b --key value --key=value` → positional [a, b] and flags { key: value }. */
export function parseArgs(argv: string[], knownFlags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!knownFlags.includes(name))
      throw new UsageError(`unknown option --${name} (known: ${knownFlags.map((f) => `--${f}`).join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    // Given twice, which one was meant? Refused rather than silently keeping the last (a code issued for the wrong person).
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    flags.set(name, value);
  }
  return { positional, flags };
}

/** "30s", "5m", "2h", "1d" or plain milliseconds. */
export function parseDurationMs(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${what} must look like 30s, 5m, 2h, 1d or a number of milliseconds, got "${text}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms') as 'ms'];
  return Math.round(Number(match[1]) * unit);
}

/** Plain decimal notation only: `1e2` (100) or `0x10` (16) typed by mistake must not become an irreversible number. */
const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

export function parseNumber(text: string, what: string, check: (n: number) => boolean, rule: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text.trim()) || !Number.isFinite(value) || !check(value))
    throw new UsageError(`${what} must be ${rule}, got "${text}"`);
  return value;
}

/** One line for any failure: the message, never a stack or a raw error object. */
export const oneLine = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The same, with the error's class, which names what failed for the Temporal CLIs (e.g. WorkflowNotFoundError). */
const namedLine = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Runs a CLI's main: its exit code, 64 with the usage on a UsageError, 1 with one line
 * (`describe`) on anything else (an unreachable database included).
 */
export function runCli(
  usage: string,
  main: (argv: string[]) => Promise<number>,
  describe: (error: unknown) => string = oneLine,
): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const isUsage = error instanceof UsageError;
      console.error(isUsage ? `${error.message}\nusage: ${usage}` : describe(error));
      process.exitCode = isUsage ? 64 : 1;
    },
  );
}

/** Runs a CLI body with a connected client; prints the Temporal UI link of the namespace. */
export function runOps(
  usage: string,
  body: (ops: { config: Config; temporal: TemporalClientHandle; argv: string[] }) => Promise<void>,
): void {
  const config = loadConfigOrExit();
  runCli(
    usage,
    async (argv) => {
      const temporal = await connectClient(config.temporal);
      try {
        await body({ config, temporal, argv });
        return 0;
      } finally {
        await temporal.close();
      }
    },
    namedLine,
  );
}

export const workflowUiUrl = (config: Config, workflowId: string): string =>
  `http://localhost:${config.temporal.uiPort}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
