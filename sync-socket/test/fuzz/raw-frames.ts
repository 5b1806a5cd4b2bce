/**
 * Raw Engine.IO / Socket.IO frames over a plain WebSocket (the `ws` package socket.io itself
 * uses), below what socket.io-client would ever send: broken packet types, acks for nothing,
 * binary attachments that do not match their placeholders, binary frames, text frames that are
 * not UTF-8, prototype keys written as JSON text, and nesting deeper than any stack.
 *
 * One session = one connection: the Engine.IO open, a Socket.IO CONNECT (signed auth, or junk),
 * then a burst of frames until the server answers or closes. Acks (`43<id>[…]`) are collected
 * so the test can check every answer the server gave.
 */
import WebSocket from 'ws';
import type { DeviceAuth } from '@pco/domain';
import { Rng, deepNesting, randomValue } from './hostile-values';

export interface RawSessionResult {
  framesSent: number;
  /** Parsed payloads of every `43<id>[…]` ack the server sent. */
  acks: unknown[];
  /** Socket.IO CONNECT_ERROR payloads (`44{…}`). */
  connectErrors: unknown[];
  connected: boolean;
}

const ENGINE_TYPES = ['0', '1', '2', '3', '5', '6', '7', '8', '9', ''];

/** Socket.IO text frames (Engine.IO message type `4` + Socket.IO packet). */
function hostileTextFrame(rng: Rng, ackId: number, wellFormed: boolean): string {
  const payload = JSON.stringify(randomValue(rng)) ?? 'null';
  switch (wellFormed ? rng.pick([0, 1, 2, 3, 6, 13]) : rng.int(17)) {
    case 0:
      return `42${ackId}["events:upload",${payload}]`;
    case 1:
      return `42${ackId}["events:pull",${payload}]`;
    case 2:
      return `42${ackId}["events:upload",{"__proto__":{"polluted":true},"events":[{"__proto__":{"isAdmin":true}}]}]`;
    case 3:
      return `42${ackId}["events:pull",{"constructor":{"prototype":{"polluted":true}},"afterPosition":0}]`;
    case 4:
      return `42${ackId}["events:upload",${'['.repeat(20_000)}${']'.repeat(20_000)}]`;
    case 5:
      return `42${ackId}${JSON.stringify(deepNesting(3_000, true))}`;
    case 6:
      return `42${ackId}[${payload}]`;
    case 7:
      return `42${ackId}{"not":"an array"}`;
    case 8:
      return `43${ackId}[${payload}]`;
    case 9:
      return `451-${ackId}["events:upload",{"_placeholder":true,"num":${rng.pick([0, 1, 99, -1, '"x"'])}}]`;
    case 10:
      return `46${ackId}["events:pull",{"_placeholder":true,"num":0}]`;
    case 11:
      return `4${rng.pick(['0', '1', '4', '7', '9', '/admin,', '/nope,1'])}${payload}`;
    case 12:
      return `${rng.pick(ENGINE_TYPES)}${payload}`;
    case 13:
      return `42${ackId}["events:upload",{"events":[${'1,'.repeat(50_000)}1]}]`;
    case 14:
      return `42${'9'.repeat(rng.int(40))}["events:pull",{"afterPosition":0}]`;
    case 15:
      return `42${ackId}["${rng.pick(['disconnect', 'disconnecting', 'connect', 'newListener', 'error', 'removeListener'])}",${payload}]`;
    default:
      return String.fromCharCode(...Array.from({ length: rng.int(64) }, () => rng.int(0xffff)));
  }
}

function hostileFrame(rng: Rng, ackId: number, wellFormed: boolean): { data: string | Buffer; binary: boolean } {
  const roll = wellFormed ? 9 : rng.int(10);
  if (roll === 0) return { data: Buffer.from(Array.from({ length: rng.int(512) }, () => rng.int(256))), binary: true };
  // Text frames whose bytes are not UTF-8: ws refuses them (close 1007) before Engine.IO.
  if (roll === 1)
    return {
      data: Buffer.concat([
        Buffer.from('42["events:pull",{"afterPosition":"'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from('"}]'),
      ]),
      binary: false,
    };
  return { data: hostileTextFrame(rng, ackId, wellFormed), binary: false };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { unparseable: text.slice(0, 200) };
  }
}

function parseAck(text: string): unknown {
  const match = /^43\d+(.*)$/s.exec(text);
  if (!match) return undefined;
  try {
    const args = JSON.parse(match[1]) as unknown[];
    return Array.isArray(args) ? args[0] : args;
  } catch {
    return { unparseable: text.slice(0, 200) };
  }
}

/**
 * One raw session against `url` (http://host:port). `auth` null ⇒ the CONNECT carries junk.
 * Resolves when the server closes the connection or after the burst and a short drain.
 */
export function rawSession(url: string, rng: Rng, auth: DeviceAuth | null, burst: number): Promise<RawSessionResult> {
  const result: RawSessionResult = { framesSent: 0, acks: [], connectErrors: [], connected: false };
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
      resolve(result);
    };
    const guard = setTimeout(finish, 3_000);
    const sendBurst = () => {
      for (let i = 0; i < burst && ws.readyState === WebSocket.OPEN; i++) {
        // The first half parses as Socket.IO events (answered), the rest may break the connection.
        const frame = hostileFrame(rng, i, i < burst / 2);
        ws.send(frame.data, { binary: frame.binary });
        result.framesSent++;
      }
      // Give the server a moment to answer what it can, then leave.
      setTimeout(finish, 40);
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString('utf8');
      if (text.startsWith('0')) {
        const connect = auth
          ? `40${JSON.stringify(auth)}`
          : rng.pick(['40', `40${JSON.stringify(randomValue(rng))}`, '40{"deviceId":{"__proto__":1}}', '40/admin,']);
        ws.send(connect);
        result.framesSent++;
        if (!auth) sendBurst();
      } else if (text.startsWith('40')) {
        result.connected = true;
        sendBurst();
      } else if (text.startsWith('44')) {
        result.connectErrors.push(parseJson(text.replace(/^44(\/[^,]*,)?/, '')));
        if (auth) finish();
      } else if (text.startsWith('43')) {
        result.acks.push(parseAck(text));
      } else if (text === '2') {
        ws.send('3');
      }
    });
    ws.on('close', finish);
    ws.on('error', finish);
  });
}
