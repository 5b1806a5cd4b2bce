/**
 * `npm run ops:decide -- <conflictId> <actorId> <option> [quantity] [--role R] [--reason TEXT] [--backorder]`
 * Sends the `decide` update to conflict-<conflictId> and prints its answer. The role defaults
 * from the option (retry/modify/escalate ⇒ technician, else manager); the workflow validates the
 * decision and the activity checks the actor against the persons table. A quantity's unit is the
 * conflicted event's, read from the workflow's start input.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import {
  MANAGER_OPTIONS,
  TECHNICIAN_OPTIONS,
  type ConflictDecision,
  type DecisionOption,
  type Role,
} from '@pco/domain';
import { conflictWorkflowId, decideUpdate, type ConflictWorkflowInput } from '@pco/workflows';
import { parseArgs, parseNumber, runOps, UsageError } from './lib';

const USAGE =
  'npm run ops:decide -- <conflictId> <actorId> <option> [quantity] [--role technician|manager|admin] [--reason TEXT] [--backorder true]';
const OPTIONS: readonly DecisionOption[] = [...new Set([...TECHNICIAN_OPTIONS, ...MANAGER_OPTIONS])];
const TECHNICIAN_ONLY = new Set<DecisionOption>(['retry', 'modify', 'escalate']);

async function conflictUnit(client: Client, workflowId: string): Promise<string> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) throw new Error(`${workflowId} has no start input`);
  return defaultPayloadConverter.fromPayload<ConflictWorkflowInput>(payload).event.quantity.unit;
}

function decision(
  option: DecisionOption,
  quantity: { value: number; unit: string } | undefined,
  flags: Map<string, string>,
): ConflictDecision {
  const reason = flags.get('reason');
  const needReason = () => {
    if (!reason) throw new UsageError(`${option} needs --reason`);
    return reason;
  };
  switch (option) {
    case 'accept_server':
    case 'retry':
      return { option };
    case 'modify':
      if (!quantity) throw new UsageError('modify needs a quantity');
      return { option, quantity: quantity as never };
    case 'escalate':
      return { option, ...(reason ? { note: reason } : {}) };
    case 'merge':
      return {
        option,
        ...(quantity ? { quantity: quantity as never } : {}),
        ...(flags.get('backorder') === 'true' ? { backorderRemainder: true } : {}),
      };
    case 'accept_local':
    case 'investigate':
      return { option, reason: needReason() };
    default:
      throw new UsageError(`unknown option ${String(option)}`);
  }
}

runOps(USAGE, async ({ temporal, argv }) => {
  const { positional, flags } = parseArgs(argv, ['role', 'reason', 'backorder']);
  const [conflictId, actorId, option, quantityText] = positional;
  if (!conflictId || !actorId || !option || positional.length > 4)
    throw new UsageError('conflictId, actorId and option are required');
  if (!OPTIONS.includes(option as DecisionOption)) throw new UsageError(`option is one of ${OPTIONS.join(', ')}`);
  const role = (flags.get('role') ??
    (TECHNICIAN_ONLY.has(option as DecisionOption) ? 'technician' : 'manager')) as Role;
  const workflowId = conflictWorkflowId(conflictId);
  const quantity =
    quantityText === undefined
      ? undefined
      : {
          value: parseNumber(quantityText, 'quantity', (n) => n > 0, 'a positive number'),
          unit: await conflictUnit(temporal.client, workflowId),
        };
  const request = { actor: { personId: actorId, role }, decision: decision(option as DecisionOption, quantity, flags) };
  console.log(`sending decide to ${workflowId}: ${JSON.stringify(request)}`);
  const answer = await temporal.client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [request] });
  console.log(JSON.stringify(answer, null, 2));
});
