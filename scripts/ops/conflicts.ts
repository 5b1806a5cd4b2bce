/**
 * `npm run ops:conflicts [-- --all]`: lists conflict workflows through the ConflictStatus search
 * attribute (open ones by default), newest first, with severity, device, product and location.
 */
import { parseArgs, runOps, UsageError } from './lib';

const USAGE = 'npm run ops:conflicts [-- --status open|resolved|all]';

const first = (attributes: Record<string, unknown> | undefined, key: string): string => {
  const value = attributes?.[key];
  return Array.isArray(value) && value.length > 0 ? String(value[0]) : '-';
};

runOps(USAGE, async ({ temporal, argv }) => {
  const { positional, flags } = parseArgs(argv, ['status']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const status = flags.get('status') ?? 'open';
  if (!['open', 'resolved', 'all'].includes(status)) throw new UsageError('--status is open, resolved or all');
  const query = `WorkflowType = 'conflictResolutionWorkflow'${status === 'all' ? '' : ` AND ConflictStatus = '${status}'`}`;
  let count = 0;
  for await (const wf of temporal.client.workflow.list({ query })) {
    const attributes = wf.searchAttributes as Record<string, unknown> | undefined;
    console.log(
      [
        wf.workflowId,
        wf.status.name,
        `status=${first(attributes, 'ConflictStatus')}`,
        `severity=${first(attributes, 'Severity')}`,
        `device=${first(attributes, 'DeviceId')}`,
        `product=${first(attributes, 'ProductId')}`,
        `location=${first(attributes, 'LocationId')}`,
        `started=${wf.startTime.toISOString()}`,
      ].join('  '),
    );
    count++;
  }
  console.log(`${count} conflict workflow(s) with ${query}`);
});
