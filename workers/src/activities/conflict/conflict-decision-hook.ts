/**
 * The gateway's onConflictDecision hook: a technician's decision from the phone becomes the
 * conflict workflow's `decide` update, acted by the device's own user as technician. The
 * workflow's validator is the one judge (is this the conflicted device's technician, is the
 * option theirs, is the quantity within the request); its refusal goes back as VALIDATION_ERROR.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { GatewayError, type OnConflictDecision } from '@pco/sync-socket';
import type { ConflictDecision } from '@pco/domain';
import { conflictWorkflowId, decideUpdate } from '@pco/workflows';

export const conflictDecisionHook =
  (client: Client): OnConflictDecision =>
  async ({ conflictId, personId, decision }) => {
    const handle = client.workflow.getHandle(conflictWorkflowId(conflictId));
    try {
      const result = await handle.executeUpdate(decideUpdate, {
        args: [{ actor: { personId, role: 'technician' }, decision: decision as ConflictDecision }],
      });
      return {
        status: result.status,
        ...('message' in result && typeof result.message === 'string' ? { message: result.message } : {}),
      };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError)
        throw new GatewayError('VALIDATION_ERROR', error.cause?.message ?? error.message);
      if (error instanceof WorkflowNotFoundError)
        throw new GatewayError('VALIDATION_ERROR', `no conflict workflow for ${conflictId}`);
      throw error;
    }
  };
