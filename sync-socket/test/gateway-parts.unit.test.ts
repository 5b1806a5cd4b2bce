import { NonceCache } from '../src/auth/nonce-cache';
import { GatewayError, toClientError } from '../src/errors';
import { DeviceQueue } from '../src/sync/device-queue';
import { FairScheduler } from '../src/sync/fair-scheduler';
import { InFlightLimit } from '../src/sync/in-flight';
import { parsePullRequest } from '../src/sync/pull';
import { TokenBuckets } from '../src/sync/rate-limiter';
import { screenBatch } from '../src/sync/upload';
import { parseRegisterDevice } from '../src/http/routes';
import { generateDeviceKeys } from './helpers/signing';
import { DeviceEvents } from './helpers/device-events';

describe('NonceCache', () => {
  it('Given a nonce seen inside the window, When it comes again, Then it is reused', () => {
    const cache = new NonceCache(10);
    expect(cache.remember('d1', 'n1', 0, 1_000)).toBe('fresh');
    expect(cache.remember('d1', 'n1', 999, 1_000)).toBe('reused');
    expect(cache.remember('d2', 'n1', 999, 1_000)).toBe('fresh');
  });

  it('Given the window has passed, When the nonce comes again, Then it is forgotten and fresh', () => {
    const cache = new NonceCache(10);
    cache.remember('d1', 'n1', 0, 1_000);
    expect(cache.remember('d1', 'n1', 1_000, 1_000)).toBe('fresh');
  });

  it('Given the cache is full of live nonces, When a new one comes, Then it is refused, not evicted', () => {
    const cache = new NonceCache(2);
    cache.remember('d', 'a', 0, 1_000);
    cache.remember('d', 'b', 0, 1_000);
    expect(cache.remember('d', 'c', 10, 1_000)).toBe('full');
    expect(cache.remember('d', 'a', 10, 1_000)).toBe('reused');
    expect(cache.remember('d', 'c', 1_000, 1_000)).toBe('fresh');
    expect(cache.size).toBe(1);
  });
});

describe('TokenBuckets', () => {
  it('Given a burst of 3 at 1/s, When 4 uploads arrive at once, Then the 4th is refused until a second passes', () => {
    const buckets = new TokenBuckets(1, 3);
    expect([0, 0, 0, 0].map((t) => buckets.take('d', t))).toEqual([true, true, true, false]);
    expect(buckets.take('other', 0)).toBe(true);
    expect(buckets.take('d', 1_000)).toBe(true);
    expect(buckets.take('d', 1_000)).toBe(false);
  });
});

describe('DeviceQueue', () => {
  it('runs one device’s tasks one at a time in arrival order, even when one fails', async () => {
    const queue = new DeviceQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run('d', task('a', 20, true)),
      queue.run('d', task('b', 1)),
      queue.run('d', task('c', 1)),
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    await new Promise((r) => setImmediate(r));
    expect(queue.activeDevices).toBe(0);
  });

  it('lets different devices run side by side', async () => {
    const queue = new DeviceQueue();
    const log: string[] = [];
    const slow = queue.run('d1', async () => {
      log.push('d1 start');
      await new Promise((r) => setTimeout(r, 20));
      log.push('d1 end');
    });
    const fast = queue.run('d2', async () => void log.push('d2'));
    await Promise.all([slow, fast]);
    expect(log).toEqual(['d1 start', 'd2', 'd1 end']);
  });
});

describe('screenBatch', () => {
  const events = new DeviceEvents('dev-1', generateDeviceKeys(), 'tech-1', () => new Date('2026-11-26T08:00:00.000Z'));
  const good = () =>
    events.next({
      eventType: 'ProductIssued',
      product: 'p1',
      quantity: { value: 1, unit: 'oz' },
      fromLocation: 'truck-1',
    });

  it.each([[null], [[]], [{}], [{ events: 'x' }], ['text']])(
    'refuses a malformed batch %p with VALIDATION_ERROR',
    (batch) => {
      expect(() => screenBatch(batch, 500)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    },
  );

  it('refuses a batch over the size limit', () => {
    expect(() => screenBatch({ events: [good(), good()] }, 1)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
  });

  it('answers a malformed event itself, keeps the rest in order', () => {
    const first = good();
    const { signature: _dropped, ...unsigned } = good();
    const third = good();
    const screened = screenBatch({ events: [first, unsigned, third] }, 500);
    expect(screened.valid.map((v) => v.index)).toEqual([0, 2]);
    expect(screened.rejected.get(1)).toEqual(
      expect.objectContaining({
        status: 'rejected',
        code: 'VALIDATION_ERROR',
        eventId: unsigned.eventId,
        sequenceNumber: unsigned.offlineContext?.sequenceNumber,
      }),
    );
  });
});

describe('parsePullRequest', () => {
  it('defaults the limit to 1000', () =>
    expect(parsePullRequest({ afterPosition: 0 })).toEqual({ afterPosition: 0, limit: 1000 }));
  it.each([
    [{ afterPosition: -1 }],
    [{ afterPosition: 1.5 }],
    [{ afterPosition: 0, limit: 0 }],
    [{ afterPosition: 0, limit: 1001 }],
    [null],
    ['0'],
  ])('refuses %p', (req) =>
    expect(() => parsePullRequest(req)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' })),
  );
});

describe('parseRegisterDevice', () => {
  it('accepts a base64 raw 32-byte key', () => {
    const { publicKey } = generateDeviceKeys();
    expect(parseRegisterDevice({ enrolmentCode: 'C', userId: 'u1', name: ' Phone ', publicKey })).toEqual({
      enrolmentCode: 'C',
      userId: 'u1',
      name: 'Phone',
      publicKey,
    });
  });
  it.each([['short'], [Buffer.alloc(31).toString('base64')], [Buffer.alloc(33).toString('base64')], [42]])(
    'refuses public key %p',
    (publicKey) => {
      expect(() => parseRegisterDevice({ enrolmentCode: 'C', name: 'Phone', publicKey })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR' }),
      );
    },
  );
  it('refuses a body without an enrolment code with ENROLMENT_CODE_REQUIRED', () => {
    const { publicKey } = generateDeviceKeys();
    expect(() => parseRegisterDevice({ userId: 'u1', name: 'Phone', publicKey })).toThrow(
      expect.objectContaining({ code: 'ENROLMENT_CODE_REQUIRED' }),
    );
  });
});

describe('toClientError', () => {
  it('passes a GatewayError through and hides anything else behind INTERNAL_ERROR', () => {
    expect(toClientError(new GatewayError('RATE_LIMITED', 'slow down'))).toEqual({
      code: 'RATE_LIMITED',
      message: 'slow down',
    });
    const leaked = toClientError(new Error('relation "devices" does not exist'));
    expect(leaked.code).toBe('INTERNAL_ERROR');
    expect(leaked.message).not.toContain('devices');
  });
});

describe('FairScheduler', () => {
  it('Given one device queued five jobs before another queued one, When one runs at a time, Then the other device runs second, not sixth', async () => {
    const scheduler = new FairScheduler(1);
    const order: string[] = [];
    const job = (name: string) => async () => void order.push(name);
    const all = [
      ...[1, 2, 3, 4, 5].map((i) => scheduler.run('flooder', job(`flooder-${i}`))),
      scheduler.run('quiet', job('quiet-1')),
    ];
    await Promise.all(all);
    expect(order).toEqual(['flooder-1', 'quiet-1', 'flooder-2', 'flooder-3', 'flooder-4', 'flooder-5']);
  });

  it('Given a bound of 2, Then never more than 2 jobs run at once, and a failing job frees its slot', async () => {
    const scheduler = new FairScheduler(2);
    let running = 0;
    let peak = 0;
    const job = (fail: boolean) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (fail) throw new Error('boom');
    };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => scheduler.run(`d${i % 3}`, job(i === 0))),
    );
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(scheduler.queued).toBe(0);
  });
});

describe('InFlightLimit', () => {
  it('Given one pull of a device in flight, When a second comes, Then it is RATE_LIMITED; another device and a later pull pass', async () => {
    const limit = new InFlightLimit('pulls', 1);
    let release = (): void => undefined;
    const first = limit.run('d1', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(limit.run('d1', async () => 'second')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(limit.run('d2', async () => 'other')).resolves.toBe('other');
    release();
    await first;
    await expect(limit.run('d1', async () => 'later')).resolves.toBe('later');
    expect(limit.devices).toBe(0);
  });
});
