/**
 * Server-issued handshake challenges (issue 7.3). Freshness of a device's signed handshake comes
 * from the server's clock, not the device's: the gateway hands out a challenge that says, under
 * an HMAC only gateways can make, "for device D, valid until T (server time)". Stateless, so any
 * gateway sharing the secret accepts a challenge another issued; single use is the NonceCache's
 * job (per gateway, for the short lifetime of the challenge).
 *
 * Token: `c1.<expiry ms, base36>.<16 random bytes, base64url>.<HMAC-SHA256, base64url>`, the MAC
 * over `c1|<deviceId>|<expiry>|<random>`, so a challenge is bound to the device that asked.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthChallengeResponse } from '@pco/domain';

const VERSION = 'c1';

export type ChallengeCheck =
  { ok: true; expiresAtMs: number } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export interface ChallengeIssuer {
  issue(deviceId: string, now: Date): AuthChallengeResponse;
  check(challenge: string, deviceId: string, nowMs: number): ChallengeCheck;
}

export function createChallengeIssuer(secret: string, ttlMs: number): ChallengeIssuer {
  const mac = (deviceId: string, expiry: string, random: string): Buffer =>
    createHmac('sha256', secret).update(`${VERSION}|${deviceId}|${expiry}|${random}`).digest();
  return {
    issue(deviceId, now) {
      const expiresAtMs = now.getTime() + ttlMs;
      const expiry = expiresAtMs.toString(36);
      const random = randomBytes(16).toString('base64url');
      const challenge = [VERSION, expiry, random, mac(deviceId, expiry, random).toString('base64url')].join('.');
      return { challenge, serverTime: now.toISOString(), expiresAt: new Date(expiresAtMs).toISOString() };
    },
    check(challenge, deviceId, nowMs) {
      const parts = challenge.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
      const [, expiry, random, given] = parts;
      const expiresAtMs = parseInt(expiry, 36);
      const givenMac = Buffer.from(given, 'base64url');
      const expected = mac(deviceId, expiry, random);
      if (
        !Number.isSafeInteger(expiresAtMs) ||
        givenMac.length !== expected.length ||
        !timingSafeEqual(givenMac, expected)
      ) {
        return { ok: false, reason: 'forged' };
      }
      if (expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
      return { ok: true, expiresAtMs };
    },
  };
}
