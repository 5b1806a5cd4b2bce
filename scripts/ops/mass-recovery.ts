/**
 * `npm run ops:mass-recovery -- [--wave-size N] [--interval 30s] [--threshold 0.2]
 *   [--offline-since 2h|ISO] [--sync-timeout 2m] [--poll 5s] [--id <workflowId>]`
 * Starts massRecoveryWorkflow over every active device not synced since --offline-since (a
 * duration back from now, or a timestamp), or over every active device when it is omitted.
 * Prints the workflow id and how to pause, resume or abort it; does not wait (waves take long).
 */
import { parseArgs, parseDurationMs, parseNumber, runOps, UsageError, workflowUiUrl } from './lib';
import type { massRecoveryWorkflow, MassRecoveryInput } from '@pco/workflows';

const USAGE =
  'npm run ops:mass-recovery -- [--wave-size N] [--interval 30s] [--threshold 0.2] [--offline-since 2h|ISO] [--sync-timeout 2m] [--poll 5s] [--id ID]';
const FLAGS = ['wave-size', 'interval', 'threshold', 'offline-since', 'sync-timeout', 'poll', 'id'] as const;

function offlineSince(text: string | undefined, now: Date): string | undefined {
  if (text === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    if (Number.isNaN(Date.parse(text))) throw new UsageError(`--offline-since is not a valid timestamp: ${text}`);
    return new Date(text).toISOString();
  }
  return new Date(now.getTime() - parseDurationMs(text, '--offline-since')).toISOString();
}

runOps(USAGE, async ({ config, temporal, argv }) => {
  const { positional, flags } = parseArgs(argv, FLAGS);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const now = new Date();
  const since = offlineSince(flags.get('offline-since'), now);
  const input: MassRecoveryInput = {
    waveSize: parseNumber(
      flags.get('wave-size') ?? '50',
      '--wave-size',
      (n) => Number.isInteger(n) && n >= 1,
      'a positive integer',
    ),
    waveIntervalMs: parseDurationMs(flags.get('interval') ?? '30s', '--interval'),
    conflictRateThreshold: parseNumber(
      flags.get('threshold') ?? '0.2',
      '--threshold',
      (n) => n >= 0 && n <= 1,
      'between 0 and 1',
    ),
    waveSyncTimeoutMs: parseDurationMs(flags.get('sync-timeout') ?? '2m', '--sync-timeout'),
    syncPollMs: parseDurationMs(flags.get('poll') ?? '5s', '--poll'),
    ...(since ? { offlineSince: since } : {}),
  };
  const workflowId = flags.get('id') ?? `mass-recovery-${now.toISOString().replace(/[:.]/g, '-')}`;
  await temporal.client.workflow.start<typeof massRecoveryWorkflow>('massRecoveryWorkflow', {
    taskQueue: config.taskQueue,
    workflowId,
    args: [input],
  });
  console.log(
    `started ${workflowId}: ${since ? `active devices not synced since ${since}` : 'every active device'}, ` +
      `waves of ${input.waveSize} every ${input.waveIntervalMs} ms, pause above a conflict rate of ${input.conflictRateThreshold}`,
  );
  console.log(`UI: ${workflowUiUrl(config, workflowId)}`);
  console.log(`progress: temporal workflow query --workflow-id ${workflowId} --name recoveryProgress`);
  console.log(
    `pause / resume / abort: temporal workflow signal --workflow-id ${workflowId} --name pauseRecovery|resumeRecovery|abortRecovery`,
  );
});
