import { createInThreadVerifier, type SignatureCheck } from '../src/crypto/signature-verifier';
import { createVerifierPool } from '../src/crypto/verifier-pool';
import { createLogger } from '../src/logger';
import { generateDeviceKeys, signText } from './helpers/signing';

const keys = generateDeviceKeys();
const other = generateDeviceKeys();
const good = (i: number): SignatureCheck => ({
  publicKey: keys.publicKey,
  payload: `payload ${i} ✓`,
  signature: signText(`payload ${i} ✓`, keys.privateKey),
});
const checks: SignatureCheck[] = [
  good(1),
  { ...good(2), payload: 'tampered' },
  { ...good(3), publicKey: other.publicKey },
  { ...good(4), signature: 'not-base64!' },
  { ...good(5), publicKey: 'AAAA' },
  good(6),
];
const expected = [true, false, false, false, false, true];

describe('signature verifiers', () => {
  it('in-thread: true only for a signature by that key over that payload', async () => {
    expect(await createInThreadVerifier().verifyAll(checks)).toEqual(expected);
  });

  it('worker pool: same verdicts, whole batches spread over the threads', async () => {
    const pool = createVerifierPool({ threads: 2, logger: createLogger('silent') });
    try {
      const batches = await Promise.all([
        pool.verifyAll(checks),
        pool.verifyAll(checks),
        pool.verifyAll([]),
        pool.verifyAll(checks.slice(0, 1)),
      ]);
      expect(batches).toEqual([expected, expected, [], [true]]);
    } finally {
      await pool.close();
    }
  });
});
