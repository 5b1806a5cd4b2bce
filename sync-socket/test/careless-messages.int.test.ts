/**
 * What a careless or hostile client sends that no handler expects, answered rather than left to
 * time out or fail as a 500: a message name the gateway does not know (`constructor` included),
 * an upload with an extra argument before its acknowledgement, and a conflict decision path with
 * malformed percent-encoding.
 */
import type { Socket } from 'socket.io-client';
import { pull, type DeviceSocket } from './helpers/socket-client';
import { connectAs, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(30_000);

const emitAny = (socket: DeviceSocket, name: string, ...args: unknown[]): Promise<unknown> =>
  (socket as unknown as Socket).timeout(5_000).emitWithAck(name, ...args);

describe('messages no handler expects', () => {
  let t: TestGateway;
  let socket: DeviceSocket;
  beforeAll(async () => {
    t = await startTestGateway();
    socket = await connectAs(t.url, demoDevice('tech1'));
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  it.each(['admin:stuff', 'constructor', '__proto__', 'events:delete'])(
    'unknown message %s is answered VALIDATION_ERROR',
    async (name) => {
      expect(await emitAny(socket, name, { x: 1 })).toEqual({
        ok: false,
        error: { code: 'VALIDATION_ERROR', message: `Unknown message ${JSON.stringify(name)}` },
      });
    },
  );

  it('an upload with an extra argument before the acknowledgement is answered, and the socket keeps working', async () => {
    expect(await emitAny(socket, 'events:upload', { events: [] }, 'extra')).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'events:upload takes exactly one argument before its acknowledgement, got 2',
      },
    });
    expect(await emitAny(socket, 'events:pull')).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    // The socket still works for a well-formed message.
    expect(await pull(socket, { afterPosition: 0 })).toMatchObject({ ok: true });
  });

  it('a conflict decision path with malformed percent-encoding is 400 VALIDATION_ERROR, not a 500', async () => {
    const res = await fetch(`${t.url}/api/conflicts/%E0%A4%A/decision`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'The path holds malformed percent-encoding',
    });
  });
});
