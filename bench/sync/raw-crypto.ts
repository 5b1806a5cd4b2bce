/**
 * Node's raw Ed25519 speed on this machine, single thread, measured in the same run as the
 * gateway figures so their ratio means something.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';

export interface RawCryptoRates {
  signPerSecond: number;
  verifyPerSecond: number;
  payloadBytes: number;
  operations: number;
}

export function measureRawEd25519(operations: number, payloadBytes: number): RawCryptoRates {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const payloads = Array.from({ length: operations }, () => randomBytes(payloadBytes));
  let started = performance.now();
  const signatures = payloads.map((p) => sign(null, p, privateKey));
  const signMs = performance.now() - started;
  started = performance.now();
  let valid = 0;
  for (let i = 0; i < operations; i++) if (verify(null, payloads[i], publicKey, signatures[i])) valid++;
  const verifyMs = performance.now() - started;
  if (valid !== operations) throw new Error(`raw verify: only ${valid} of ${operations} signatures verified`);
  return {
    signPerSecond: Math.round((operations / signMs) * 1000),
    verifyPerSecond: Math.round((operations / verifyMs) * 1000),
    payloadBytes,
    operations,
  };
}
