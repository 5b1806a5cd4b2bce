import type { AttachmentRef, Command, DeviceAuth, Timestamp } from '@pco/domain';
import { FieldClientError } from '../errors';
import { LocalEventQueue } from '../queue/local-event-queue';
import type { PendingEvent } from '../queue/pending-event';
import { SequenceNumberGenerator } from '../queue/sequence-number-generator';
import { SerialExecutor } from '../queue/serial';
import { type RecoveryReport, recoverFromCorruption } from '../recovery/recover-from-corruption';
import { type DeviceKeys, loadOrCreateDeviceKeys } from '../security/device-keys';
import { type DeviceRegistration, loadRegistration, registerDevice } from '../security/registration';
import { connectionHandshake, deviceHandshake, type HandshakeSource } from '../security/handshake';
import type { KeyValueStorage } from '../storage/key-value-storage';
import { createLocalforageStorage, storageNameFor } from '../storage/localforage-storage';
import { type ReferenceCache, saveReferenceData } from '../storage/reference-cache';
import { type StorageLimitsReport, enforceStorageLimits } from '../storage/storage-limits';
import { type RetryDeps, defaultRetryDeps } from '../sync/retry';
import { SocketIoTransport } from '../sync/socket-transport';
import type { PushEffect } from '../sync/live-push';
import { type Scheduler, SyncEngine, type SyncSummary } from '../sync/sync-engine';
import { loadSyncState, type SyncState } from '../sync/sync-state';
import type { ServerPush, SyncTransport } from '../sync/transport';
import { type LocalInventoryView, buildLocalInventoryView } from '../view/local-inventory-view';
import { loadServerState } from '../view/server-state';
import {
  type DeviceConflictDecision,
  type DeviceConflictDecisionResult,
  sendConflictDecision,
} from './conflict-decision';
import { recordEvent } from './record-event';
import { type AttachmentUploadReport, keepAttachment, uploadPendingAttachments } from '../attachments/attachment-store';

export interface FieldClientOptions {
  baseUrl: string;
  /** The signed-in user; optional before enrolment, where the enrolment code determines the user (see `userId()`). */
  userId?: string;
  /** Device name shown to managers, e.g. "John's iPhone". */
  name: string;
  /** Known device id (already registered elsewhere); otherwise assigned by registration. */
  deviceId?: string;
  /** localforage db name; defaults to pco-<deviceId>. Required when deviceId is not known yet. */
  storageName?: string;
  /** Overrides the localforage storage (another KeyValueStorage implementation). */
  storage?: KeyValueStorage;
  now?: () => Date;
  retry?: RetryDeps;
  scheduler?: Scheduler;
  /** Overrides the Socket.IO transport (built from baseUrl by default). */
  transport?: (auth: () => Promise<DeviceAuth>) => SyncTransport;
  fetchImpl?: typeof fetch;
  newId?: () => string;
  maxPendingEvents?: number;
}

/** A command without performedBy (the facade fills in the signed-in user), per command type. */
export type CommandInput = Command extends infer C
  ? C extends Command
    ? Omit<C, 'performedBy'> & { claimedOccurredAt?: Timestamp }
    : never
  : never;
type Omitted<C extends Command> = Omit<C, 'type' | 'performedBy'>;
type CommandOf<T extends Command['type']> = Omitted<Extract<Command, { type: T }>> & { claimedOccurredAt?: Timestamp };

/** The engine a UI drives: record commands offline, sync, read the view. No UI code here. */
export class FieldClient {
  private readonly recordSerial = new SerialExecutor();
  private readonly listeners = new Set<(view: LocalInventoryView) => void>();
  private readonly pushListeners = new Set<(push: ServerPush, effect: PushEffect) => void>();
  private engine: SyncEngine | null = null;
  private transport: SyncTransport | null = null;

  private constructor(
    private readonly options: FieldClientOptions,
    readonly storage: KeyValueStorage,
    readonly queue: LocalEventQueue,
    readonly sequence: SequenceNumberGenerator,
    private keys: DeviceKeys,
    private registration: DeviceRegistration | null,
  ) {}

  static async create(options: FieldClientOptions): Promise<FieldClient> {
    const name = options.storageName ?? (options.deviceId ? storageNameFor(options.deviceId) : undefined);
    if (!options.storage && !name)
      throw new FieldClientError('VALIDATION_ERROR', 'storageName or deviceId is required');
    const storage = options.storage ?? createLocalforageStorage(name as string);
    const keys = await loadOrCreateDeviceKeys(storage);
    const registration = await loadRegistration(storage);
    return new FieldClient(
      options,
      storage,
      new LocalEventQueue(storage, options.maxPendingEvents),
      new SequenceNumberGenerator(storage),
      keys,
      registration,
    );
  }

  get now(): () => Date {
    return this.options.now ?? (() => new Date());
  }

  get deviceId(): string | null {
    return this.registration?.deviceId ?? this.options.deviceId ?? null;
  }

  get publicKey(): string {
    return this.keys.publicKeyBase64;
  }

  /**
   * Registers this device for the signed-in user with the one-time enrolment code a manager issued
   * for them (the server refuses a code issued for someone else). Registering again is a no-op.
   */
  async register(enrolmentCode: string): Promise<DeviceRegistration> {
    const { registration, keys } = await registerDevice(this.storage, {
      ...this.options,
      enrolmentCode,
      fetchImpl: this.options.fetchImpl,
    });
    this.registration = registration;
    this.keys = keys;
    return registration;
  }

  issue = (c: CommandOf<'IssueProduct'>) => this.record({ ...c, type: 'IssueProduct' } as CommandInput);
  returnProduct = (c: CommandOf<'ReturnProduct'>) => this.record({ ...c, type: 'ReturnProduct' } as CommandInput);
  transfer = (c: CommandOf<'TransferProduct'>) => this.record({ ...c, type: 'TransferProduct' } as CommandInput);
  count = (c: CommandOf<'CountInventory'>) => this.record({ ...c, type: 'CountInventory' } as CommandInput);
  createRequest = (c: CommandOf<'CreateRequest'>) => this.record({ ...c, type: 'CreateRequest' } as CommandInput);
  approveRequest = (c: CommandOf<'ApproveRequest'>) => this.record({ ...c, type: 'ApproveRequest' } as CommandInput);
  denyRequest = (c: CommandOf<'DenyRequest'>) => this.record({ ...c, type: 'DenyRequest' } as CommandInput);
  cancelRequest = (c: CommandOf<'CancelRequest'>) => this.record({ ...c, type: 'CancelRequest' } as CommandInput);

  /** Any command as the signed-in user; recordings run one at a time (sequence order = call order). */
  async record(command: CommandInput): Promise<PendingEvent> {
    const deviceId = this.requireDeviceId();
    const { claimedOccurredAt, ...rest } = command;
    const full = { ...rest, performedBy: this.requireUserId() } as Command;
    return this.recordSerial.run(async () => {
      const { revoked } = await loadSyncState(this.storage);
      if (revoked)
        throw new FieldClientError(
          'DEVICE_REVOKED',
          `this device is revoked (${revoked.reason}); nothing more can be recorded`,
        );
      const deps = {
        storage: this.storage,
        queue: this.queue,
        sequence: this.sequence,
        keys: this.keys,
        deviceId,
        now: this.now,
        newId: this.options.newId ?? (() => globalThis.crypto.randomUUID()),
      };
      const pending = await recordEvent(deps, full, claimedOccurredAt);
      await this.notify();
      return pending;
    });
  }

  /** The technician's decision on a conflict of this device (online only; answered by the conflict workflow). */
  decideConflict(conflictId: string, decision: DeviceConflictDecision): Promise<DeviceConflictDecisionResult> {
    const auth = deviceHandshake(this.handshakeSource());
    return sendConflictDecision(
      { baseUrl: this.options.baseUrl, auth, fetchImpl: this.options.fetchImpl },
      conflictId,
      decision,
    );
  }

  setReferenceData(data: Partial<ReferenceCache>): Promise<void> {
    return saveReferenceData(this.storage, data);
  }

  /** Keeps a photo (at most 5 MB) on the device; put the returned ref in a count's or return's `attachments`. */
  keepAttachment(bytes: Uint8Array, contentType: string): Promise<AttachmentRef> {
    return keepAttachment(this.storage, { bytes, contentType }, this.now());
  }

  /** Sends photos not yet uploaded (sync does this first); failures stay pending. */
  async uploadAttachments(): Promise<AttachmentUploadReport> {
    if (await this.revocation()) return { uploaded: [], failed: {} };
    const auth = deviceHandshake(this.handshakeSource());
    return uploadPendingAttachments(this.storage, {
      baseUrl: this.options.baseUrl,
      auth,
      fetchImpl: this.options.fetchImpl,
      now: this.now,
    });
  }

  /** Uploads pending photos, then runs the four sync phases; a call during a running sync shares its result. */
  async sync(): Promise<SyncSummary> {
    await this.uploadAttachments();
    const summary = await this.syncEngine().sync();
    await this.notify();
    return summary;
  }

  async view(): Promise<LocalInventoryView> {
    const [server, pending, sync] = await Promise.all([
      loadServerState(this.storage),
      this.queue.all(),
      loadSyncState(this.storage),
    ]);
    return buildLocalInventoryView({ server, pending, lastSuccessfulSync: sync.lastSuccessfulSync, now: this.now() });
  }

  onChange(listener: (view: LocalInventoryView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every server push, after the engine acted on it (effect says what changed locally). */
  onServerPush(listener: (push: ServerPush, effect: PushEffect) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** Sync bookkeeping for the app: last sync, failures, hold, and `clock` (the measured clock offset). */
  syncState(): Promise<SyncState> {
    return loadSyncState(this.storage);
  }

  /** The device was told it is revoked (push, handshake or answer): terminal. */
  async revocation(): Promise<{ reason: string; at: string } | null> {
    return (await loadSyncState(this.storage)).revoked;
  }

  enforceStorageLimits(): Promise<StorageLimitsReport> {
    return enforceStorageLimits(this.storage, this.queue, this.now());
  }

  async recoverFromCorruption(log?: Parameters<typeof recoverFromCorruption>[0]['log']): Promise<RecoveryReport> {
    const transport = this.syncTransport();
    const refreshReference = this.referenceRefresher(transport);
    const report = await recoverFromCorruption({
      storage: this.storage,
      queue: this.queue,
      transport,
      deviceId: this.requireDeviceId(),
      now: this.now,
      retry: this.options.retry ?? defaultRetryDeps,
      refreshReference,
      log,
    });
    await this.notify();
    return report;
  }

  /** The transport (created on first use), e.g. to listen to server pushes. */
  syncTransport(): SyncTransport {
    if (!this.transport) {
      const source = this.handshakeSource();
      const auth = deviceHandshake(source);
      this.transport =
        this.options.transport?.(auth) ??
        new SocketIoTransport({
          baseUrl: this.options.baseUrl,
          auth,
          signConnection: connectionHandshake(source),
          fetchImpl: this.options.fetchImpl,
        });
      this.transport.onPush((push) => void this.handlePush(push));
    }
    return this.transport;
  }

  close(): void {
    this.engine?.stop();
    this.transport?.disconnect();
  }

  private syncEngine(): SyncEngine {
    const transport = this.syncTransport();
    const refreshReference = this.referenceRefresher(transport);
    this.engine ??= new SyncEngine({
      storage: this.storage,
      queue: this.queue,
      transport,
      deviceId: this.requireDeviceId(),
      now: this.now,
      retry: this.options.retry,
      scheduler: this.options.scheduler,
      refreshReference,
    });
    return this.engine;
  }

  private referenceRefresher(transport: SyncTransport): () => Promise<void> {
    return async () => saveReferenceData(this.storage, await transport.reference());
  }

  /** Live apply under the engine's lock, then the UI hears of it; a revocation also closes the socket. */
  private async handlePush(push: ServerPush): Promise<void> {
    const effect = await this.syncEngine().applyPush(push);
    // A conflict notice handled before (redelivered): the user was told already.
    if (effect === 'duplicate') return;
    if (effect === 'revoked') this.close();
    // Admitted to a mass-recovery wave: sync now rather than at the next scheduled time.
    if (effect === 'admitted') void this.sync();
    for (const listener of this.pushListeners) listener(push, effect);
    // The clock offset lives in the sync state, not in the inventory view: no view change to announce.
    if (effect !== 'ignored' && effect !== 'clock-measured') await this.notify();
  }

  /** What the device signs handshakes with: over a server challenge (every device HTTP request) or its socket's id. */
  private handshakeSource(): HandshakeSource {
    return {
      baseUrl: this.options.baseUrl,
      deviceId: () => this.requireDeviceId(),
      keys: () => this.keys,
      now: this.now,
      fetchImpl: this.options.fetchImpl,
    };
  }

  /** The device's user: the one the server registered it for, else the one the options named. */
  get userId(): string | null {
    return this.registration?.userId ?? this.options.userId ?? null;
  }

  private requireUserId(): string {
    const userId = this.userId;
    if (!userId)
      throw new FieldClientError('VALIDATION_ERROR', 'no user yet: register the device with its enrolment code first');
    return userId;
  }

  private requireDeviceId(): string {
    const id = this.deviceId;
    if (!id) throw new FieldClientError('NOT_REGISTERED', 'register the device before recording or syncing');
    return id;
  }

  private async notify(): Promise<void> {
    if (this.listeners.size === 0) return;
    const view = await this.view();
    for (const listener of this.listeners) listener(view);
  }
}
