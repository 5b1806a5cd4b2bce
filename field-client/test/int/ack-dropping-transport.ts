/**
 * The real Socket.IO transport with ONE lost acknowledgement: the first upload goes to the
 * gateway, which commits it and answers; the answer is thrown away and the connection closed, so
 * the engine sees what a device sees when the network dies before the ack: a TIMEOUT. (Closing
 * the socket right behind the emit does not work: Socket.IO's server drops an event whose socket
 * disconnected before the event was dispatched, so nothing would be committed.) Everything else
 * passes straight through. `afterDrop` runs before the failure reaches the engine.
 */
import type { DeviceAuth, PullPage, PullRequest, SignedEvent, UploadResult } from '@pco/domain';
import { FieldClientError } from '../../src/errors';
import { SocketIoTransport } from '../../src/sync/socket-transport';
import type { HealthResult, ServerPush, SyncTransport } from '../../src/sync/transport';

export class AckDroppingTransport implements SyncTransport {
  private dropped = false;
  /** Every upload answer the engine did receive, in order. */
  readonly received: UploadResult[] = [];
  /** The answer the gateway gave to the dropped upload (never seen by the engine). */
  discarded: UploadResult | null = null;

  constructor(
    private readonly inner: SocketIoTransport,
    private readonly afterDrop: (events: SignedEvent[]) => Promise<void>,
  ) {}

  static factory(
    baseUrl: string,
    afterDrop: (events: SignedEvent[]) => Promise<void>,
    made: (t: AckDroppingTransport) => void,
  ) {
    return (auth: () => Promise<DeviceAuth>): SyncTransport => {
      const transport = new AckDroppingTransport(new SocketIoTransport({ baseUrl, auth }), afterDrop);
      made(transport);
      return transport;
    };
  }

  async upload(events: SignedEvent[]): Promise<UploadResult> {
    if (this.dropped) {
      const result = await this.inner.upload(events);
      this.received.push(result);
      return result;
    }
    this.dropped = true;
    this.discarded = await this.inner.upload(events);
    this.inner.disconnect();
    await this.afterDrop(events);
    throw new FieldClientError('TIMEOUT', 'no acknowledgement: connection lost (dropped by the test transport)');
  }

  connect = (): Promise<void> => this.inner.connect();
  disconnect = (): void => this.inner.disconnect();
  health = (): Promise<HealthResult> => this.inner.health();
  pull = (request: PullRequest): Promise<PullPage> => this.inner.pull(request);
  reference = () => this.inner.reference();
  onPush = (listener: (push: ServerPush) => void): (() => void) => this.inner.onPush(listener);
}
