import { FieldClientError } from '../src/errors';
import { isTerminalError, withRetry } from '../src/sync/retry';

const failing = (code: string) => {
  const calls = { n: 0 };
  const op = async (): Promise<string> => {
    calls.n += 1;
    throw new FieldClientError(code, `boom ${calls.n}`);
  };
  return { op, calls };
};

describe('withRetry (spec RETRY_CONFIG)', () => {
  it('tries 4 times, waiting 2/4/8 s plus jitter between attempts, then fails with the last code', async () => {
    const waits: number[] = [];
    const { op, calls } = failing('NETWORK_ERROR');
    const result = withRetry(op, 'upload', { sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    await expect(result).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      message: expect.stringContaining('after 4 attempts'),
    });
    expect(calls.n).toBe(4);
    expect(waits).toEqual([2500, 4500, 8500]);
  });

  it('keeps jitter within [0, 1000) ms', async () => {
    const waits: number[] = [];
    await withRetry(failing('503').op, 'x', { sleep: async (ms) => void waits.push(ms), random: () => 0.999 }).catch(
      () => undefined,
    );
    expect(waits).toEqual([2999, 4999, 8999]);
  });

  it('returns the first success without further attempts', async () => {
    let n = 0;
    const value = await withRetry(
      async () => (++n < 3 ? Promise.reject(new FieldClientError('TIMEOUT', 't')) : 'ok'),
      'x',
      { sleep: async () => undefined, random: () => 0 },
    );
    expect([value, n]).toEqual(['ok', 3]);
  });

  it.each(['UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION_ERROR', 'CONFLICT'])('does not retry terminal %s', async (code) => {
    const { op, calls } = failing(code);
    const sleep = jest.fn(async () => undefined);
    await expect(withRetry(op, 'x', { sleep, random: () => 0 })).rejects.toMatchObject({ code });
    expect(calls.n).toBe(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('classifies codes', () => {
    for (const code of ['NETWORK_ERROR', 'TIMEOUT', 'SERVER_UNAVAILABLE', '502', '503', '504'])
      expect(isTerminalError(new FieldClientError(code, ''))).toBe(false);
    expect(isTerminalError(new Error('socket hang up'))).toBe(false);
    expect(isTerminalError(new FieldClientError('INVALID_SIGNATURE', ''))).toBe(true);
  });
});
