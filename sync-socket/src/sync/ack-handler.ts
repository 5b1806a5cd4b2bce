/**
 * Wraps a socket handler so every outcome is an Ack: a GatewayError becomes its code, anything
 * else INTERNAL_ERROR with a generic message (the exception is logged, never sent).
 */
import type { Ack } from '@pco/domain';
import { toClientError } from '../errors';
import type { Logger } from '../logger';

export function ackHandler<T>(name: string, logger: Logger, run: (payload: unknown) => Promise<T>) {
  return (...args: unknown[]): void => {
    // The ack is the LAST argument (Socket.IO appends it), whatever the client sent before it.
    const ack = args[args.length - 1];
    // Without an ack function there is nobody to answer: do nothing rather than write unseen.
    if (typeof ack !== 'function') {
      logger.warn('event without ack ignored', { event: name });
      return;
    }
    const reply = ack as (res: Ack<T>) => void;
    if (args.length !== 2) {
      const message = `${name} takes exactly one argument before its acknowledgement, got ${args.length - 1}`;
      reply({ ok: false, error: { code: 'VALIDATION_ERROR', message } });
      return;
    }
    const [payload] = args;
    // Through a promise so a synchronous throw is answered too, never thrown into Socket.IO.
    Promise.resolve(payload)
      .then(run)
      .then(
        (data) => reply({ ok: true, data }),
        (error: unknown) => {
          const clientError = toClientError(error);
          if (clientError.code === 'INTERNAL_ERROR') logger.error(`${name} failed`, { error });
          reply({ ok: false, error: clientError });
        },
      );
  };
}
