/**
 * Every console form's validation (the pure half of each action): bad input gets one message per
 * field, good input becomes exactly what is sent to the store or the workflow. The actions call
 * these before touching anything, so a refusal here changes nothing (the e2e tests check that
 * through the browser too).
 */
import { validateDecisionForm } from '../app/lib/conflict-decision-form';
import { validateDeviceForm, validateEnrolmentForm } from '../app/lib/device-forms';
import { pageOf } from '../app/lib/forms';
import { isSameOrigin } from '../app/lib/origin';
import { validateControl, validateStartRecovery } from '../app/lib/recovery-forms';
import { safeNext, validateSignIn } from '../app/lib/sign-in-form';
import { durationToMs } from '../app/lib/durations';
import { MAX_FAILURES, SignInThrottle, WINDOW_MS } from '../app/lib/sign-in-throttle';

const form = (fields: Record<string, string>): FormData => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('sign-in form', () => {
  it.each([
    [{}, { email: 'Enter your email address.', password: 'Enter your password.' }],
    [{ email: 'nope', password: 'x' }, { email: 'Enter an email address like name@example.com.' }],
    [{ email: 'a@b.c', password: 'p'.repeat(1025) }, { password: 'That password is too long.' }],
  ])('refuses %j', (fields, errors) => {
    expect(validateSignIn(form(fields))).toEqual({ ok: false, errors });
  });
  it('accepts a trimmed email and the password as typed', () => {
    expect(validateSignIn(form({ email: ' m@pco.example ', password: ' secret ' }))).toEqual({
      ok: true,
      value: { email: 'm@pco.example', password: ' secret ' },
    });
  });
  it('only redirects inside the console after sign-in', () => {
    expect(safeNext('/conflicts/1')).toBe('/conflicts/1');
    for (const bad of [null, 'https://evil.example', '//evil.example', '/\\evil.example'])
      expect(safeNext(bad)).toBe('/dashboard');
  });
});

describe('conflict decision form', () => {
  const requested = { value: 60, unit: 'each' as const };
  it.each([
    [{}, { option: 'Choose one of the options.' }],
    [{ option: 'retry' }, { option: 'Choose one of the options.' }],
    [{ option: 'merge', quantity: '' }, { quantity: 'Enter a quantity in each.' }],
    [{ option: 'merge', quantity: 'lots' }, { quantity: 'Enter a quantity in each.' }],
    [{ option: 'backorder', quantity: '0' }, { quantity: 'The quantity must be more than 0 and at most 60 each.' }],
    [{ option: 'merge', quantity: '61' }, { quantity: 'The quantity must be more than 0 and at most 60 each.' }],
    [
      { option: 'merge', quantity: '1.5' },
      { quantity: 'The quantity must be a whole number for each (a count unit), got 1.5' },
    ],
    [{ option: 'accept_local', reason: ' ' }, { reason: "Give the reason for forcing the technician's event." }],
    [{ option: 'investigate', reason: 'x'.repeat(501) }, { reason: 'Keep it under 500 characters.' }],
    [{ option: 'investigate', reason: 'bad\u0001' }, { reason: 'Remove the control characters.' }],
  ])('refuses %j', (fields, errors) => {
    expect(validateDecisionForm(form(fields), requested)).toEqual({ ok: false, errors });
  });
  it.each([
    [{ option: 'accept_server' }, { option: 'accept_server' }],
    [
      { option: 'accept_local', reason: 'restocked' },
      { option: 'accept_local', reason: 'restocked' },
    ],
    [
      { option: 'merge', quantity: '20' },
      { option: 'merge', quantity: { value: 20, unit: 'each' } },
    ],
    [
      { option: 'backorder', quantity: '10' },
      { option: 'merge', quantity: { value: 10, unit: 'each' }, backorderRemainder: true },
    ],
    [
      { option: 'investigate', reason: 'count the truck' },
      { option: 'investigate', reason: 'count the truck' },
    ],
  ])('turns %j into the workflow decision', (fields, decision) => {
    expect(validateDecisionForm(form(fields), requested)).toMatchObject({ ok: true, decision });
  });
  it('given a measured unit, then its scale decides how many decimals a partial amount may have', () => {
    const ounces = { value: 10, unit: 'oz' as const };
    expect(validateDecisionForm(form({ option: 'merge', quantity: '2.25' }), ounces)).toMatchObject({
      ok: true,
      decision: { quantity: { value: 2.25, unit: 'oz' } },
    });
    expect(validateDecisionForm(form({ option: 'merge', quantity: '2.255' }), ounces)).toEqual({
      ok: false,
      errors: { quantity: 'The quantity must be at most 2 decimals for oz, got 2.255' },
    });
  });
});

describe('device forms', () => {
  it.each([
    [{ intent: 'explode', reason: 'x' }, { reason: 'Unknown action.' }],
    [{ intent: 'suspend' }, { reason: 'Give a reason.' }],
    [{ intent: 'reactivate', reason: '' }, { reason: 'Give a reason.' }],
    [
      { intent: 'revoke', reason: '' },
      {
        reason: 'Give the reason for revoking (the technician is told).',
        confirm: 'Tick the box to confirm: a revocation cannot be undone.',
      },
    ],
    [{ intent: 'revoke', reason: 'stolen' }, { confirm: 'Tick the box to confirm: a revocation cannot be undone.' }],
    [{ intent: 'acknowledge_lost', reason: 'crash' }, { throughSequence: 'Enter the last lost sequence number.' }],
    [
      { intent: 'acknowledge_lost', reason: 'crash', throughSequence: '-3' },
      { throughSequence: 'The sequence number must be a whole number.' },
    ],
    [
      { intent: 'acknowledge_lost', reason: 'crash', throughSequence: '7' },
      { throughSequence: "The device's next expected number is 8: enter 8 or more." },
    ],
    [
      { intent: 'acknowledge_lost', reason: 'crash', throughSequence: '508' },
      { throughSequence: 'At most 500 numbers at once (up to 507).' },
    ],
    [{ intent: 'acknowledge_lost', reason: '', throughSequence: '9' }, { reason: 'Give a reason.' }],
  ])('refuses %j (device at sequence 7)', (fields, errors) => {
    expect(validateDeviceForm(form(fields), 7)).toMatchObject({ ok: false, errors });
  });
  it('accepts each intent with its values', () => {
    expect(validateDeviceForm(form({ intent: 'revoke', reason: 'stolen', confirm: 'yes' }), 0)).toEqual({
      ok: true,
      intent: 'revoke',
      reason: 'stolen',
    });
    expect(
      validateDeviceForm(form({ intent: 'acknowledge_lost', reason: 'crash', throughSequence: '507' }), 7),
    ).toEqual({ ok: true, intent: 'acknowledge_lost', reason: 'crash', throughSequence: 507 });
  });
});

describe('mass recovery forms', () => {
  const good = { waveSize: '50', intervalSeconds: '30', threshold: '0.2', syncTimeoutSeconds: '120', pollSeconds: '5' };
  it('refuses every bad field at once', () => {
    expect(
      validateStartRecovery(
        form({
          waveSize: '10001',
          intervalSeconds: '1.5',
          threshold: '-0.1',
          syncTimeoutSeconds: '0',
          pollSeconds: '',
          offlineSinceHours: 'x',
        }),
      ),
    ).toEqual({
      ok: false,
      errors: {
        waveSize: 'The wave size must be from 1 to 10000.',
        intervalSeconds: 'The interval in seconds must be a whole number.',
        threshold: 'The threshold is a share from 0 to 1, e.g. 0.2.',
        syncTimeoutSeconds: 'The sync timeout in seconds must be from 1 to 86400.',
        pollSeconds: 'Enter the poll interval in seconds.',
        offlineSinceHours: 'The hours offline must be a whole number.',
      },
    });
  });
  it('turns good input into the workflow input in milliseconds', () => {
    expect(validateStartRecovery(form({ ...good, offlineSinceHours: '2' }))).toEqual({
      ok: true,
      value: {
        waveSize: 50,
        waveIntervalMs: 30_000,
        conflictRateThreshold: 0.2,
        waveSyncTimeoutMs: 120_000,
        syncPollMs: 5_000,
        offlineSinceHours: 2,
      },
    });
    expect(validateStartRecovery(form(good))).toMatchObject({ ok: true, value: { waveSize: 50 } });
  });
  it.each([
    [{ intent: 'wave_size', waveSize: '0' }, { waveSize: 'The wave size must be from 1 to 10000.' }],
    [{ intent: 'wave_size', waveSize: 'ten' }, { waveSize: 'The wave size must be a whole number.' }],
    [{ intent: 'pause', reason: 'x'.repeat(501) }, { reason: 'Keep it under 500 characters.' }],
    [{ intent: 'restart' }, { reason: 'Unknown action.' }],
  ])('refuses control %j', (fields, errors) => {
    expect(validateControl(form(fields))).toMatchObject({ ok: false, errors });
  });
  it('accepts controls', () => {
    expect(validateControl(form({ intent: 'wave_size', waveSize: '25' }))).toEqual({
      ok: true,
      intent: 'wave_size',
      waveSize: 25,
    });
    expect(validateControl(form({ intent: 'abort', reason: '' }))).toEqual({ ok: true, intent: 'abort', reason: '' });
  });
});

describe('origin check and small helpers', () => {
  const headers = (origin?: string) => new Headers(origin ? { origin } : {});
  it("accepts the request's own origin and CONSOLE_URL's, refuses others and a missing header", () => {
    expect(
      isSameOrigin(headers('http://127.0.0.1:4000'), 'http://127.0.0.1:4000/devices/x', 'http://localhost:3000'),
    ).toBe(true);
    expect(
      isSameOrigin(headers('http://localhost:3000'), 'http://127.0.0.1:4000/devices/x', 'http://localhost:3000'),
    ).toBe(true);
    expect(
      isSameOrigin(headers('http://evil.example'), 'http://127.0.0.1:4000/devices/x', 'http://localhost:3000'),
    ).toBe(false);
    expect(isSameOrigin(headers('null'), 'http://127.0.0.1:4000/devices/x', 'http://localhost:3000')).toBe(false);
    expect(isSameOrigin(headers(), 'http://127.0.0.1:4000/devices/x', 'http://localhost:3000')).toBe(false);
  });
  it('reads page numbers defensively and Temporal durations', () => {
    expect([
      pageOf(new URL('http://x/?page=3')),
      pageOf(new URL('http://x/?page=-1')),
      pageOf(new URL('http://x/?page=abc')),
    ]).toEqual([3, 1, 1]);
    expect([
      durationToMs('24h', '1d'),
      durationToMs('7d', '1d'),
      durationToMs(5000, '1d'),
      durationToMs('30 seconds', '1d'),
      durationToMs('garbage', '2s'),
    ]).toEqual([86_400_000, 604_800_000, 5000, 30_000, 2000]);
  });
});

describe('sign-in throttle', () => {
  it('refuses an email after 10 wrong passwords within 15 minutes, then lets it try again', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(throttle.waitMs('m@pco.example', 1_000 + i)).toBe(0);
      throttle.failed('M@pco.example', 1_000 + i);
    }
    expect(throttle.waitMs('m@pco.example', 2_000)).toBe(WINDOW_MS - 1_000);
    expect(throttle.waitMs('other@pco.example', 2_000)).toBe(0);
    expect(throttle.waitMs('m@pco.example', 1_000 + WINDOW_MS)).toBe(0);
    throttle.failed('x@pco.example', 0);
    throttle.succeeded('x@pco.example');
    expect(throttle.waitMs('x@pco.example', 1)).toBe(0);
  });
});

describe('enrolment code form', () => {
  const technicians = ['person-tech-1', 'person-tech-2'];
  it.each([
    [
      {},
      {
        personId: 'Choose the technician the phone is for.',
        validForHours: 'Enter how many hours the code stays valid.',
      },
    ],
    [{ personId: 'person-manager-1', validForHours: '24' }, { personId: 'Choose one of the technicians listed.' }],
    [
      { personId: 'person-tech-1', validForHours: '0' },
      { validForHours: 'Enter a whole number of hours from 1 to 720 (30 days).' },
    ],
    [
      { personId: 'person-tech-1', validForHours: '721' },
      { validForHours: 'Enter a whole number of hours from 1 to 720 (30 days).' },
    ],
    [
      { personId: 'person-tech-1', validForHours: '1.5' },
      { validForHours: 'Enter a whole number of hours from 1 to 720 (30 days).' },
    ],
  ])('refuses %j', (fields, errors) => {
    expect(validateEnrolmentForm(form(fields), technicians)).toEqual({ ok: false, errors });
  });
  it('turns a technician and hours into the code lifetime', () => {
    expect(validateEnrolmentForm(form({ personId: 'person-tech-2', validForHours: '720' }), technicians)).toEqual({
      ok: true,
      personId: 'person-tech-2',
      ttlMs: 720 * 3_600_000,
    });
  });
});
