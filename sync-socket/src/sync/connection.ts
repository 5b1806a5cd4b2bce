/**
 * A connected device: its rooms and its two events. Accepted events are pushed to the rooms of
 * their locations (except the sending device's sockets); conflicts are written to the durable
 * device outbox as `conflict:notice` (never emitted here: the conflict workflow writes the same
 * notice under the same key, and two paths delivered it twice) and handed to the onConflicts
 * hook (which starts the durable workflows).
 */
import type { Ack, RecordedEvent } from '@pco/domain';
import type { Logger } from '../logger';
import {
  ALL_LOCATIONS_ROOM,
  deviceRoom,
  locationRoom,
  roomsOfSession,
  type GatewayServer,
  type GatewaySocket,
} from '../socket-types';
import type { GatewayStore, RecordedConflict } from '../store-port';
import { ackHandler } from './ack-handler';
import type { FairScheduler } from './fair-scheduler';
import type { InFlightLimit } from './in-flight';
import { limitMessages, type MessageLimits } from './message-limits';
import { handlePull } from './pull';
import { handleUpload, type UploadDeps, type UploadOutcome } from './upload';

export type OnConflicts = (conflicts: RecordedConflict[]) => Promise<void> | void;

export interface ConnectionDeps extends UploadDeps {
  io: GatewayServer;
  store: GatewayStore;
  /** Rate and size of every message, before any handler. */
  limits: MessageLimits;
  uploadsInFlight: InFlightLimit;
  pullsInFlight: InFlightLimit;
  /** Pull queries of all devices, bounded and round-robin. */
  pulls: FairScheduler;
  logger: Logger;
  onConflicts?: OnConflicts;
}

/** Synchronous on purpose: listeners must exist before the first packet after the handshake. */
export function onDeviceConnected(socket: GatewaySocket, deps: ConnectionDeps): void {
  const { session } = socket.data;
  const { deviceId } = session;
  void socket.join(roomsOfSession(session));
  deps.logger.debug('device connected', { deviceId, locations: session.locations });
  limitMessages(socket, deps.limits);
  refuseUnknownMessages(socket);

  socket.on(
    'events:upload',
    ackHandler('events:upload', deps.logger, (batch) =>
      deps.uploadsInFlight.run(deviceId, async () => {
        const outcome = await handleUpload(batch, session, deps);
        // After the ack is sent (next tick): pushes and hooks must not delay or fail the answer.
        setImmediate(() => announce(outcome, deviceId, deps));
        return outcome.result;
      }),
    ),
  );
  const fairPull = (input: Parameters<GatewayStore['pullEvents']>[0]) =>
    deps.pulls.run(deviceId, () => deps.store.pullEvents(input));
  socket.on(
    'events:pull',
    ackHandler('events:pull', deps.logger, (req) =>
      deps.pullsInFlight.run(deviceId, () => handlePull(req, deviceId, fairPull)),
    ),
  );
}

/** The messages a device may send; anything else is answered, not left to time out on the client. */
const MESSAGE_NAMES: ReadonlySet<string> = new Set(['events:upload', 'events:pull']);

function refuseUnknownMessages(socket: GatewaySocket): void {
  socket.use(([name, ...rest], next) => {
    if (MESSAGE_NAMES.has(String(name))) return next();
    const ack = rest[rest.length - 1];
    if (typeof ack === 'function')
      (ack as (res: Ack<never>) => void)({
        ok: false,
        error: { code: 'VALIDATION_ERROR', message: `Unknown message ${JSON.stringify(String(name).slice(0, 100))}` },
      });
  });
}

function announce(outcome: UploadOutcome, deviceId: string, deps: ConnectionDeps): void {
  for (const recorded of outcome.accepted) pushToLocations(recorded, deviceId, deps.io);
  if (outcome.conflicts.length === 0) return;
  const sequenceOf = new Map(outcome.result.answers.map((a) => [a.eventId, a.sequenceNumber]));
  const notices = outcome.conflicts.map((conflict) => ({
    conflictId: conflict.conflictId,
    eventId: conflict.eventId,
    sequenceNumber: sequenceOf.get(conflict.eventId) ?? 0,
    details: conflict.details,
  }));
  // Lost if this write fails (logged): the workflow, started by the hook or the sweeper, writes it again.
  deps.store
    .enqueueConflictNotices(deviceId, notices, deps.now())
    .catch((error: unknown) => deps.logger.error('conflict notice not queued', { error, deviceId }));
  if (!deps.onConflicts) return;
  Promise.resolve()
    .then(() => deps.onConflicts?.(outcome.conflicts))
    .catch((error: unknown) => deps.logger.error('onConflicts hook failed', { error, deviceId }));
}

/**
 * Socket.IO encodes a broadcast before it looks at the rooms, so an emit costs a JSON encode of
 * the event even when nobody would receive it; at thousands of events/s that is real CPU. The
 * default in-memory adapter (the one this gateway uses) knows every room's sockets: skip the
 * emit when no socket other than the sender's is in any target room. A cluster adapter (several
 * gateways, `npm run cluster`) knows only this gateway's rooms: it always emits.
 */
function anyoneElseIn(io: GatewayServer, rooms: string[], senderDeviceId: string): boolean {
  const adapter = io.of('/').adapter;
  if ('uid' in adapter) return true; // ClusterAdapter: other gateways' sockets are not listed here
  const known = adapter.rooms;
  const sender = known.get(deviceRoom(senderDeviceId));
  for (const room of rooms) {
    for (const socketId of known.get(room) ?? []) if (!sender?.has(socketId)) return true;
  }
  return false;
}

function pushToLocations(recorded: RecordedEvent, senderDeviceId: string, io: GatewayServer): void {
  const { fromLocation, toLocation } = recorded.event;
  const rooms = [fromLocation, toLocation].filter((id): id is string => id !== null).map(locationRoom);
  if (rooms.length === 0) return;
  const targets = [...rooms, ALL_LOCATIONS_ROOM];
  if (!anyoneElseIn(io, targets, senderDeviceId)) return;
  io.to(targets).except(deviceRoom(senderDeviceId)).emit('events:new', recorded);
}
