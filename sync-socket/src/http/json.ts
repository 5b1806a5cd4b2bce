/** Bounded JSON bodies and JSON replies for the two HTTP routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError, httpStatusOf, type ClientError } from '../errors';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ClientError, status = httpStatusOf(error.code)): void {
  // After an oversized body the rest of the request is unread: close instead of draining it.
  const headers: Record<string, string> = error.code === 'PAYLOAD_TOO_LARGE' ? { connection: 'close' } : {};
  sendJson(res, status, { error }, headers);
}

/** Reads at most maxBytes of JSON; PAYLOAD_TOO_LARGE beyond it, VALIDATION_ERROR when unparsable. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = new GatewayError('PAYLOAD_TOO_LARGE', `Body exceeds ${maxBytes} bytes`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        reject(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => {
      if (size > maxBytes) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new GatewayError('VALIDATION_ERROR', 'Body must be JSON'));
      }
    });
  });
}
