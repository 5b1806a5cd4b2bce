/**
 * The socket adapters of the operations ports, over a real Socket.IO server and real clients.
 * The server here only does what the gateway does on authentication (join the device's room);
 * the gateway's own tests cover authentication.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO, seedDemoData } from '@pco/store/demo';
import { deviceRoom, type GatewayServer } from '@pco/sync-socket';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { forkEm } from '@pco/store';
import { socketFleetPort, socketGatewayPort } from '../test-support';

jest.setTimeout(30_000);

let db: FreshDatabase;
let http: HttpServer;
let io: GatewayServer;
let url: string;
const sockets: Socket[] = [];

async function deviceSocket(deviceId: string): Promise<Socket> {
  const socket = connect(url, { auth: { deviceId }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('joined', () => resolve()));
  return socket;
}

const next = <T>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve));

beforeAll(async () => {
  db = await freshDatabase({ poolMax: 2 });
  await seedDemoData(db.orm, new Date());
  // A second device of tech1, so "other devices of the user" is not empty.
  await forkEm(db.orm).execute(
    "insert into devices (id, user_id, name, status, public_key, registered_at) values ('device-tech-1-tablet', ?, 'tablet', 'active', 'k', now())",
    [DEMO.persons.tech1],
  );
  http = createServer();
  io = new Server(http) as unknown as GatewayServer;
  io.on('connection', async (socket) => {
    await socket.join(deviceRoom(String(socket.handshake.auth.deviceId)));
    (socket as unknown as { emit(event: string): void }).emit('joined');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await db.drop();
});

it("revocation: the lost device is told and dropped; the user's other device gets the notice", async () => {
  const lost = await deviceSocket(DEMO.devices.tech1);
  const tablet = await deviceSocket('device-tech-1-tablet');
  const stranger = await deviceSocket(DEMO.devices.tech2);
  let strangerHeard = false;
  stranger.on('device:revoked', () => {
    strangerHeard = true;
  });
  const disconnectDevice = (id: string, reason: string) => {
    io.to(deviceRoom(id)).emit('device:revoked', { deviceId: id, reason });
    io.in(deviceRoom(id)).disconnectSockets(true);
  };
  const port = socketGatewayPort({ io, disconnectDevice }, db.orm);

  const lostTold = next<{ reason: string }>(lost, 'device:revoked');
  const lostGone = next<string>(lost, 'disconnect');
  await port.disconnectDevice(DEMO.devices.tech1, 'reported lost');
  expect((await lostTold).reason).toBe('reported lost');
  expect(await lostGone).toBe('io server disconnect');

  const tabletTold = next<{ deviceId: string }>(tablet, 'device:revoked');
  expect(
    await port.notifyPersonDevices(
      DEMO.persons.tech1,
      { deviceId: DEMO.devices.tech1, reason: 'reported lost' },
      DEMO.devices.tech1,
    ),
  ).toBe(1);
  expect(await tabletTold).toEqual({ deviceId: DEMO.devices.tech1, reason: 'reported lost' });
  expect(strangerHeard).toBe(false);
});

it('recovery: admitted devices are told to sync, waiting ones when to come back', async () => {
  const admitted = await deviceSocket(DEMO.devices.tech2);
  const waiting = await deviceSocket(DEMO.devices.tech3);
  const fleet = socketFleetPort({ io });
  const admittedTold = next(admitted, 'recovery:admitted');
  const waitingTold = next(waiting, 'recovery:come-back-at');
  await fleet.admit('run-1', [DEMO.devices.tech2], 1);
  await fleet.comeBackAt('run-1', [{ deviceId: DEMO.devices.tech3, at: '2026-11-26T10:00:00.000Z' }]);
  expect(await admittedTold).toEqual({ runId: 'run-1', wave: 1 });
  expect(await waitingTold).toEqual({ runId: 'run-1', at: '2026-11-26T10:00:00.000Z' });
});
