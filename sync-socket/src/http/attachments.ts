/**
 * POST /api/attachments/:sha256: the bytes of a photo an event references. The device proves
 * itself as for GET /api/reference; the body is the raw image (content-type one of the allowed
 * image types, at most 5 MB) and must hash to the SHA-256 in the path, which is the hash the
 * event's signature covers. Uploading the same photo again is answered 200 and stores nothing.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ATTACHMENT_LIMITS } from '@pco/domain';
import { authenticateDevice, type DeviceAuthDeps } from '../auth/device-auth';
import { GatewayError } from '../errors';
import { sendJson } from './json';
import { parseAuthHeader } from './reference';

export const ATTACHMENT_PATH = /^\/api\/attachments\/([0-9a-f]{64})$/;

function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = new GatewayError(
    'PAYLOAD_TOO_LARGE',
    `A photo may be at most ${maxBytes} bytes; compress it on the device`,
  );
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(tooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        return reject(tooLarge);
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => size <= maxBytes && resolve(Buffer.concat(chunks)));
  });
}

export async function uploadAttachment(
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
  deps: { deviceAuth: DeviceAuthDeps; now: () => Date },
): Promise<void> {
  const session = await authenticateDevice(parseAuthHeader(req), deps.deviceAuth);
  const contentType = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  if (!ATTACHMENT_LIMITS.contentTypes.includes(contentType)) {
    throw new GatewayError(
      'VALIDATION_ERROR',
      `content-type must be one of ${ATTACHMENT_LIMITS.contentTypes.join(', ')}`,
    );
  }
  const bytes = await readRawBody(req, ATTACHMENT_LIMITS.maxBytes);
  if (bytes.length === 0) throw new GatewayError('VALIDATION_ERROR', 'the photo is empty');
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256)
    throw new GatewayError('VALIDATION_ERROR', `the body hashes to ${actual}, not to the ${sha256} in the path`);
  const { stored } = await deps.deviceAuth.store.saveAttachment({
    sha256,
    contentType,
    bytes,
    deviceId: session.deviceId,
    now: deps.now(),
  });
  sendJson(res, stored ? 201 : 200, { sha256, size: bytes.length, stored });
}
