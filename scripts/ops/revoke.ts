/**
 * `npm run ops:revoke -- <deviceId> "<reason>" --by <personId>`: starts revokeDeviceWorkflow
 * under its derived id (a second run for the same device attaches to the first) and prints its
 * result. `--by` names the admin or manager revoking: required, because the revocation, its
 * disputes and its review item are recorded in that person's name (no demo default).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { revokeDeviceWorkflowId, type revokeDeviceWorkflow } from '@pco/workflows';
import { parseArgs, runOps, UsageError, workflowUiUrl } from './lib';

const USAGE = 'npm run ops:revoke -- <deviceId> "<reason>" --by <personId>';

void runOps(USAGE, async ({ config, temporal, argv }) => {
  const { positional, flags } = parseArgs(argv, ['by']);
  const [deviceId, reason] = positional;
  if (!deviceId || !reason || positional.length > 2) throw new UsageError('a device id and a reason are required');
  const revokedBy = flags.get('by');
  if (!revokedBy) throw new UsageError('--by <personId> is required: the admin or manager revoking');
  const workflowId = revokeDeviceWorkflowId(deviceId);
  try {
    await temporal.client.workflow.start<typeof revokeDeviceWorkflow>('revokeDeviceWorkflow', {
      taskQueue: config.taskQueue,
      workflowId,
      args: [{ deviceId, reason, revokedBy }],
    });
    console.log(`started ${workflowId} (revoked by ${revokedBy}); waiting for it to finish…`);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    console.log(`${workflowId} already exists: waiting for its result`);
  }
  console.log(`UI: ${workflowUiUrl(config, workflowId)}`);
  const result = await temporal.client.workflow.getHandle<typeof revokeDeviceWorkflow>(workflowId).result();
  console.log(JSON.stringify(result, null, 2));
});
