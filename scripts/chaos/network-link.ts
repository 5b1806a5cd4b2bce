/**
 * A real TCP hop between a simulated phone and the load balancer that can be cut: while down, open
 * connections are destroyed and new ones refused at once (the radio is off, or the socket dropped).
 * The field client's integration tests use this link too (field-client/test/int/network-link.ts).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class NetworkLink {
  private up = true;
  private readonly open = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /**
   * Listens on an ephemeral port and forwards to `targetUrl` (http://host:port), or to whatever
   * URL the function names at each new connection (the short campaign's balancer without HAProxy).
   */
  static async to(targetUrl: string | (() => string)): Promise<NetworkLink> {
    const pick = typeof targetUrl === 'string' ? () => targetUrl : targetUrl;
    let link: NetworkLink | undefined;
    const server = createServer((client) => {
      const target = new URL(pick());
      link?.accept(client, target.hostname, Number(target.port));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    link = new NetworkLink(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return link;
  }

  get isUp(): boolean {
    return this.up;
  }

  goOffline(): void {
    this.up = false;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }

  goOnline(): void {
    this.up = true;
  }

  async close(): Promise<void> {
    this.goOffline();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    if (!this.up) return void client.destroy();
    const upstream = connect(port, host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.open.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.open.delete(a);
        b.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
