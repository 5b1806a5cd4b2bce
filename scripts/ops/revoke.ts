/**
 * `npm run ops:revoke -- <deviceId> "<reason>" --by <personId>`: starts revokeDeviceWorkflow
 * under its derived id (a second run for the same device attaches to the first) and prints its
 * result. `--by` names the admin or manager revoking: required, because the revocation, its
 * disputes and its review item are recorded in that person's name (no demo default).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { isSupervisor } from '@pco/domain';
import { createOrm, databaseUrlFromEnv, forkEm, getDevice, getPerson } from '@pco/store';
import { revokeDeviceWorkflowId, type revokeDeviceWorkflow } from '@pco/workflows';
import { parseArgs, runOps, UsageError, workflowUiUrl } from './lib';

/**
 * Before any workflow starts: the device exists (an unknown one made the workflow retry for ever
 * while this waited) and `--by` is a manager or admin (anyone's name was recorded as the revoker).
 */
async function checkRevocation(deviceId: string, revokedBy: string): Promise<void> {
  const orm = await createOrm({ databaseUrl: databaseUrlFromEnv(), poolMax: 1 });
  try {
    const em = forkEm(orm);
    const [device, person] = [await getDevice(em, deviceId), await getPerson(em, revokedBy)];
    if (!device) throw new Error(`UNKNOWN_DEVICE: there is no device ${deviceId}`);
    if (!person) throw new Error(`UNKNOWN_PERSON: there is no person ${revokedBy}`);
    if (!isSupervisor(person))
      throw new Error(`FORBIDDEN: ${revokedBy} is a ${person.role}; only a manager or an admin revokes a device`);
  } finally {
    await orm.close(true);
  }
}

const USAGE = 'npm run ops:revoke -- <deviceId> "<reason>" --by <personId>';

runOps(USAGE, async ({ config, temporal, argv }) => {
  const { positional, flags } = parseArgs(argv, ['by']);
  const [deviceId, reason] = positional;
  if (!deviceId || !reason || positional.length > 2) throw new UsageError('a device id and a reason are required');
  const revokedBy = flags.get('by');
  if (!revokedBy) throw new UsageError('--by <personId> is required: the admin or manager revoking');
  await checkRevocation(deviceId, revokedBy);
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
