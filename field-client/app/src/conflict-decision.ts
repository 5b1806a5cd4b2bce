/** Sends the technician's decision on a conflict through the engine (online only). */
import type { DeviceConflictDecision, FieldClient } from '@pco/field-client';

export async function sendConflictDecision(
  client: FieldClient,
  conflictId: string,
  decision: DeviceConflictDecision,
): Promise<string> {
  const result = await client.decideConflict(conflictId, decision);
  return result.message ? `${result.status} (${result.message})` : result.status;
}
