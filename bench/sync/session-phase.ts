/**
 * (e) One device's 500-event backlog as a whole session — connect, handshake, one upload — timed
 * from opening the socket to the last ack, at 100 ms RTT (delay proxy) and on loopback (where
 * round trips cost ~0, so it is the session's server time). Each is run `repeats` times,
 * alternating, each on a device of its own, and the median kept: single sessions on this shared
 * 2-core machine moved by ±30 ms from run to run. One session with the older handshake (a
 * challenge fetched over HTTP first) shows what the connection-bound one saves. The round trip is
 * measured through the same proxy (an empty upload's ack), not assumed.
 */
import type { SignedEvent } from '@pco/domain';
import type { BenchDevice } from './fixtures';
import { connectBench } from './connect';
import { medianRoundTripMs } from './delay-proxy';
import { timeSession, type SessionTiming } from './evidence-phases';
import { emptyRoundTrip } from './sync-client';

export interface SessionPhase {
  rtt100: SessionTiming;
  rtt100Runs: number[];
  /** The proxy's round trip as measured (median of 10 empty acks): the delay timers add ~1-2 ms to the nominal 100. */
  measuredRttMs: number;
  rtt100WithChallengeFetch: SessionTiming;
  /** Loopback: the whole session's server time, and (uploadOnlyMs) one 500-event batch's. */
  loopback: SessionTiming;
  loopbackRuns: number[];
}

const medianBy = (runs: SessionTiming[]): SessionTiming =>
  [...runs].sort((a, b) => a.fromOpenMs - b.fromOpenMs)[Math.floor(runs.length / 2)];

export async function runSessionPhase(
  urls: { loopback: string; rtt100: string },
  devices: BenchDevice[],
  backlogOf: (device: BenchDevice) => SignedEvent[],
  rttMs: number,
  repeats: number,
): Promise<SessionPhase> {
  if (devices.length < 2 * repeats + 2) throw new Error(`(e) needs ${2 * repeats + 2} devices`);
  const next = (() => {
    let i = 0;
    return () => devices[i++];
  })();
  // Not reported: every timed session then meets the same warm server.
  const warm = next();
  await timeSession(urls.loopback, warm, backlogOf(warm), 1);
  const probe = await connectBench(urls.rtt100, warm, 60_000);
  const measuredRttMs = await medianRoundTripMs(() => emptyRoundTrip(probe));
  probe.close();
  const rtt100: SessionTiming[] = [];
  const loopback: SessionTiming[] = [];
  for (let r = 0; r < repeats; r++) {
    const a = next();
    rtt100.push(await timeSession(urls.rtt100, a, backlogOf(a), rttMs));
    const b = next();
    loopback.push(await timeSession(urls.loopback, b, backlogOf(b), 1));
  }
  const old = next();
  const rtt100WithChallengeFetch = await timeSession(urls.rtt100, old, backlogOf(old), rttMs, 'challenge');
  return {
    rtt100: medianBy(rtt100),
    rtt100Runs: rtt100.map((s) => s.fromOpenMs),
    measuredRttMs: Math.round(measuredRttMs * 10) / 10,
    rtt100WithChallengeFetch,
    loopback: medianBy(loopback),
    loopbackRuns: loopback.map((s) => s.fromOpenMs),
  };
}
