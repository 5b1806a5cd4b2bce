/**
 * GET /api/reference: what a device's offline `decide` needs (ReferenceDataResponse). The device
 * proves itself exactly as in the Socket.IO handshake: a DeviceAuth signed over a fresh server
 * challenge (unexpired by the server's clock, single use) as JSON in the DEVICE_AUTH_HEADER header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEVICE_AUTH_HEADER } from '@pco/domain';
import { authenticateDevice, type DeviceAuthDeps } from '../auth/device-auth';
import { GatewayError } from '../errors';
import { sendJson } from './json';

function parseAuthHeader(req: IncomingMessage): unknown {
  const header = req.headers[DEVICE_AUTH_HEADER];
  if (typeof header !== 'string' || header.length === 0)
    throw new GatewayError('UNAUTHORIZED', `Header ${DEVICE_AUTH_HEADER} is required`);
  try {
    return JSON.parse(header);
  } catch {
    throw new GatewayError('UNAUTHORIZED', `Header ${DEVICE_AUTH_HEADER} must be JSON`);
  }
}

export async function referenceData(req: IncomingMessage, res: ServerResponse, auth: DeviceAuthDeps): Promise<void> {
  const session = await authenticateDevice(parseAuthHeader(req), auth);
  sendJson(res, 200, await auth.store.referenceData({ userId: session.userId, locations: session.locations }));
}
