/**
 * The id of each socket connection, generated here and remembered per HTTP request of the
 * transport (the Engine.IO session id). It is the nonce of a connection-bound handshake
 * (device-auth.ts), so it must be unpredictable and never repeat: 144 bits from the CSPRNG,
 * rather than the library's default (96 random bits and a counter).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ConnectionIds {
  /** Engine.IO's `generateId` hook: a new id for the connection that `request` opens. */
  generate(request: IncomingMessage): string;
  /** The id generated for the connection opened by `request`, if any. */
  of(request: IncomingMessage): string | undefined;
}

export function createConnectionIds(): ConnectionIds {
  const ids = new WeakMap<IncomingMessage, string>();
  return {
    generate(request) {
      const id = randomBytes(18).toString('base64url');
      ids.set(request, id);
      return id;
    },
    of: (request) => ids.get(request),
  };
}
