import { checkWaveSize } from '../src/recovery/messages';
import { comeBackAtMs, conflictRate, rankForRecovery, type RecoveryCandidate } from '../src/recovery/triage';

const candidate = (deviceId: string, over: Partial<RecoveryCandidate> = {}): RecoveryCandidate => ({
  deviceId,
  lastSyncAt: '2026-11-20T00:00:00.000Z',
  pendingQueueSize: 10,
  priority: false,
  ...over,
});

describe('rankForRecovery', () => {
  it('Given mixed devices, When ranked, Then priority first, then bigger queue, then oldest sync, then id', () => {
    const ranked = rankForRecovery([
      candidate('d-small-queue', { pendingQueueSize: 1 }),
      candidate('d-recent', { lastSyncAt: '2026-11-25T00:00:00.000Z' }),
      candidate('d-never', { lastSyncAt: null }),
      candidate('d-priority', { priority: true, pendingQueueSize: 0 }),
      candidate('d-big-queue', { pendingQueueSize: 400 }),
      candidate('d-b'),
      candidate('d-a'),
    ]);
    expect(ranked.map((c) => c.deviceId)).toEqual([
      'd-priority',
      'd-big-queue',
      'd-never',
      'd-a',
      'd-b',
      'd-recent',
      'd-small-queue',
    ]);
  });

  it('does not mutate its input', () => {
    const input = [candidate('b'), candidate('a')];
    rankForRecovery(input);
    expect(input.map((c) => c.deviceId)).toEqual(['b', 'a']);
  });
});

describe('comeBackAtMs', () => {
  const base = { nowMs: 1_000_000, nextWaveFirstRank: 100, waveSize: 50, waveIntervalMs: 60_000 };
  it('the first device of the next wave comes back one interval from now', () => {
    expect(comeBackAtMs({ ...base, rank: 100 })).toBe(1_060_000);
  });
  it('each further wave adds one interval', () => {
    expect(comeBackAtMs({ ...base, rank: 149 })).toBe(1_060_000);
    expect(comeBackAtMs({ ...base, rank: 150 })).toBe(1_120_000);
    expect(comeBackAtMs({ ...base, rank: 249 })).toBe(1_180_000);
    expect(comeBackAtMs({ ...base, rank: 260 })).toBe(1_240_000);
  });
});

describe('conflictRate and wave size', () => {
  it('is the share of devices with conflicts; an empty wave has rate 0', () => {
    expect(conflictRate(100, 25)).toBe(0.25);
    expect(conflictRate(0, 0)).toBe(0);
  });
  it('refuses a wave size that is not an integer from 1 to 10000', () => {
    expect(() => checkWaveSize(0)).toThrow(RangeError);
    expect(() => checkWaveSize(2.5)).toThrow(/integer from 1 to 10000/);
    expect(() => checkWaveSize(10_001)).toThrow(RangeError);
    expect(() => checkWaveSize(250)).not.toThrow();
  });
});
