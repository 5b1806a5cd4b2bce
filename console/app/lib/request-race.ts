/**
 * Says which approve/cancel race rule decided a request's state, by replaying its logged events
 * through the domain's own resolveRequestRace (the function the gateway used). Only applied
 * decisions are in the log: a decision the gateway refused was answered to its device and never
 * logged, so a superseding one is what shows here. Pure.
 *
 * Rules (spec): 1. stock already moved ⇒ a cancellation fails; 2. not moved ⇒ the more recent
 * claimed time wins; 3. same claimed time ⇒ the approval wins.
 */
import { claimedTime, evolveRequests, resolveRequestRace, type InventoryEvent, type Requests } from '@pco/domain';

export interface RaceNote {
  position: number;
  rule: 1 | 2 | 3;
  text: string;
}

const isRaceEvent = (
  e: InventoryEvent,
): e is Extract<InventoryEvent, { eventType: 'RequestApproved' | 'RequestCancelled' }> =>
  e.eventType === 'RequestApproved' || e.eventType === 'RequestCancelled';

export function explainRequestRaces(
  requestId: string,
  history: ReadonlyArray<{ position: number; event: InventoryEvent }>,
): RaceNote[] {
  let state: Requests = new Map();
  const notes: RaceNote[] = [];
  for (const { position, event } of history) {
    const before = state.get(requestId);
    if (before && isRaceEvent(event)) {
      const race = resolveRequestRace(before, event);
      if (race.outcome === 'supersede') {
        const at = claimedTime(event);
        const tie = Date.parse(at) === Date.parse(race.supersededDecidedAt);
        const incoming = event.eventType === 'RequestApproved' ? 'approval' : 'cancellation';
        notes.push(
          tie
            ? {
                position,
                rule: 3,
                text: `Rule 3 (same claimed time: approval wins): the approval at ${at} replaced the cancellation made at the same moment.`,
              }
            : {
                position,
                rule: 2,
                text: `Rule 2 (not moved: the later claimed time wins): the ${incoming} claimed at ${at} replaced the ${race.superseded === 'approved' ? 'approval' : 'cancellation'} claimed at ${race.supersededDecidedAt}.`,
              },
        );
      }
    }
    state = evolveRequests(state, event);
  }
  const final = state.get(requestId);
  if (final?.moved) {
    const last = history[history.length - 1];
    notes.push({
      position: last?.position ?? 0,
      rule: 1,
      text: 'Rule 1 (already moved): the stock was transferred, so any cancellation of this request is refused from now on.',
    });
  }
  return notes;
}
