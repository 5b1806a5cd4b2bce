/** The typed Socket.IO server and socket: the protocol maps from @pco/domain plus our socket data. */
import type { ClientToServerEvents, ServerToClientEvents } from '@pco/domain';
import type { Server, Socket } from 'socket.io';
import type { DeviceSession } from './auth/device-auth';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
  session: DeviceSession;
}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const deviceRoom = (deviceId: string): string => `device:${deviceId}`;
export const locationRoom = (locationId: string): string => `location:${locationId}`;
/** Managers' and admins' devices: they see events of every location. */
export const ALL_LOCATIONS_ROOM = 'locations:all';
export const roomsOfSession = (session: { deviceId: string; locations: string[] | 'all' }): string[] => [
  deviceRoom(session.deviceId),
  ...(session.locations === 'all' ? [ALL_LOCATIONS_ROOM] : session.locations.map(locationRoom)),
];
