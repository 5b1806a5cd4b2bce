/**
 * GET / — what this gateway serves, as JSON, so a person (or a probe) who opens the gateway's URL
 * learns where to go instead of meeting a 404. Lists public paths only; nothing about the
 * deployment (versions, hosts, configuration) is disclosed.
 */
import type { ServerResponse } from 'node:http';
import { AUTH_CHALLENGE_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pco/domain';
import { sendJson } from './json';

// Typed as records of the protocol's event maps, so an event added to the protocol and not listed here fails to compile.
const CLIENT_TO_SERVER: Record<keyof ClientToServerEvents, true> = { 'events:upload': true, 'events:pull': true };
const SERVER_TO_CLIENT: Record<keyof ServerToClientEvents, true> = {
  'events:new': true,
  'conflict:notice': true,
  'conflict:resolved': true,
  'device:revoked': true,
  'recovery:admitted': true,
  'recovery:come-back-at': true,
  'clock:offset': true,
};

export const SERVICE_INDEX = {
  service: 'PCO Inventory sync gateway',
  http: [
    { method: 'GET', path: '/api/health', purpose: 'liveness and database reachability' },
    {
      method: 'GET',
      path: `${AUTH_CHALLENGE_PATH}?deviceId=…`,
      purpose: 'a single-use challenge a device signs to authenticate',
    },
    { method: 'POST', path: '/api/devices', purpose: 'register a device with a one-time enrolment code' },
    { method: 'GET', path: '/api/reference', purpose: "reference data for the authenticated device's user" },
    {
      method: 'POST',
      path: '/api/attachments/<sha256>',
      purpose: 'the bytes of a photo an event of this device names by its hash',
    },
    {
      method: 'POST',
      path: '/api/conflicts/<conflictId>/decision',
      purpose: "the technician's decision on a conflict of this device",
    },
  ],
  socketIo: {
    path: '/socket.io/',
    clientToServer: Object.keys(CLIENT_TO_SERVER),
    serverToClient: Object.keys(SERVER_TO_CLIENT),
  },
};

export function serviceIndex(res: ServerResponse): void {
  sendJson(res, 200, SERVICE_INDEX);
}
