/**
 * Device actions a manager or admin takes in the console, each in ONE transaction with its
 * console_audit row: suspend, reactivate, acknowledge lost sequence numbers. (Revocation is a
 * workflow, started by the console, which audits the start.)
 */
import { err, ok, type Result } from '@pco/domain';
import { getDevice, setDeviceStatus, type StoredDevice } from '../devices';
import { acknowledgeLostSequencesIn, type LostSequencesAcknowledged } from '../lost-sequences';
import { inTransaction, type Em } from '../sql';
import { recordConsoleAudit } from './console-audit';

export interface DeviceActionInput {
  deviceId: string;
  actorId: string;
  reason: string;
  now: Date;
}

export async function suspendDevice(em: Em, input: DeviceActionInput): Promise<Result<StoredDevice>> {
  return changeStatus(em, input, 'suspended');
}

export async function reactivateDevice(em: Em, input: DeviceActionInput): Promise<Result<StoredDevice>> {
  return changeStatus(em, input, 'active');
}

async function changeStatus(
  em: Em,
  input: DeviceActionInput,
  status: 'active' | 'suspended',
): Promise<Result<StoredDevice>> {
  return inTransaction(em, async (tem) => {
    const device = await getDevice(tem, input.deviceId, { forUpdate: true });
    if (!device) return err('UNKNOWN_DEVICE', `device ${input.deviceId} is not registered`);
    if (device.status === 'revoked') return err('DEVICE_REVOKED', 'a revoked device stays revoked');
    if (device.status === status) return err('VALIDATION_ERROR', `the device is already ${status}`);
    const updated = await setDeviceStatus(tem, input.deviceId, status, { now: input.now });
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: status === 'suspended' ? 'device.suspend' : 'device.reactivate',
      target: `device:${input.deviceId}`,
      details: { reason: input.reason, from: device.status },
      at: input.now,
    });
    return ok(updated!);
  });
}

export async function acknowledgeLostSequencesAudited(
  em: Em,
  input: DeviceActionInput & { throughSequence: number },
): Promise<Result<LostSequencesAcknowledged>> {
  return inTransaction(em, async (tem) => {
    const done = await acknowledgeLostSequencesIn(tem, {
      deviceId: input.deviceId,
      throughSequence: input.throughSequence,
      acknowledgedBy: input.actorId,
      reason: input.reason,
      now: input.now,
    });
    if (!done.ok) return done;
    await recordConsoleAudit(tem, {
      actorId: input.actorId,
      action: 'device.acknowledge_lost',
      target: `device:${input.deviceId}`,
      details: { reason: input.reason, sequences: done.value.sequences },
      at: input.now,
    });
    return done;
  });
}
