/**
 * A message nested tens of thousands of levels deep is small (300 kB of `{"a":`) and JSON.parse
 * reads it, but every recursive walk after that overflows the stack: once, the size check's
 * JSON.stringify threw out of Socket.IO's middleware and the whole gateway process died. Sent here
 * as raw Engine.IO frames over a real WebSocket (a Socket.IO client cannot even encode it): the
 * message is refused VALIDATION_ERROR, the same socket keeps working, and so does everyone else.
 */
import WebSocket from 'ws';
import { emitRaw, pull } from './helpers/socket-client';
import { signBoundAuth } from './helpers/signing';
import { connectAs, demoDevice, startTestGateway, type TestGateway } from './helpers/test-gateway';

jest.setTimeout(30_000);

/** A device's raw WebSocket after its connection-bound handshake; frames arrive in `frames`. */
async function rawDevice(url: string, tech: 'tech1' | 'tech2') {
  const device = demoDevice(tech);
  const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  const waiters: Array<{ test: (f: string) => boolean; resolve: (f: string) => void }> = [];
  ws.on('message', (data) => {
    const frame = data.toString();
    if (frame === '2') return ws.send('3'); // Engine.IO ping → pong
    frames.push(frame);
    if (frame.startsWith('0{'))
      ws.send(`40${JSON.stringify(signBoundAuth(device.deviceId, device.keys)(JSON.parse(frame.slice(1)).sid))}`);
    for (const w of waiters.splice(0))
      if (w.test(frame)) w.resolve(frame);
      else waiters.push(w);
  });
  const next = (test: (f: string) => boolean, timeoutMs = 5_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = frames.find(test);
      if (seen) return resolve(seen);
      waiters.push({ test, resolve });
      setTimeout(
        () =>
          reject(new Error(`no frame within ${timeoutMs} ms; got ${frames.map((f) => f.slice(0, 80)).join(' | ')}`)),
        timeoutMs,
      );
    });
  await next((f) => f.startsWith('40{'));
  return { ws, next };
}

describe('a message nested too deeply', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t.close();
  });

  it('50,000 levels in an upload: refused VALIDATION_ERROR, and the socket, the gateway and other devices carry on', async () => {
    const raw = await rawDevice(t.url, 'tech1');
    raw.ws.send(`421["events:upload",${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]`);
    const ack = JSON.parse((await raw.next((f) => f.startsWith('431'))).slice(3)) as [
      { ok: boolean; error: { code: string; message: string } },
    ];
    expect(ack[0]).toEqual({
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: 'Message nests deeper than 32 levels' },
    });
    raw.ws.send('422["events:pull",{"afterPosition":0,"limit":1}]');
    expect(JSON.parse((await raw.next((f) => f.startsWith('432'))).slice(3))[0]).toMatchObject({ ok: true });
    // The same with arrays, on another message name.
    raw.ws.send(`423["events:pull",${'['.repeat(50_000)}${']'.repeat(50_000)}]`);
    expect(JSON.parse((await raw.next((f) => f.startsWith('433'))).slice(3))[0]).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    const other = await connectAs(t.url, demoDevice('tech2'));
    expect(await pull(other, { afterPosition: 0 })).toMatchObject({ ok: true });
    other.close();
    raw.ws.close();
  });

  it('33 levels from an ordinary client: refused the same way; 6 levels (a real batch) is not this refusal', async () => {
    const socket = await connectAs(t.url, demoDevice('tech2'));
    let deep: unknown = 1;
    for (let i = 0; i < 33; i++) deep = { a: deep };
    expect(await emitRaw(socket, 'events:upload', deep)).toEqual({
      ok: false,
      error: { code: 'VALIDATION_ERROR', message: 'Message nests deeper than 32 levels' },
    });
    const shallow = await emitRaw(socket, 'events:upload', { events: [{ offlineContext: { a: { b: 1 } } }] });
    expect(shallow).toMatchObject({ ok: true });
    socket.close();
  });
});
