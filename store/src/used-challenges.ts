/**
 * Single use of handshake challenges across every gateway on the database (see the migration
 * Migration20261130010000_used_challenges for why a gateway's own memory is not enough).
 */
import { run, type Em } from './sql';

export interface ChallengeClaim {
  challenge: string;
  deviceId: string;
  expiresAt: Date;
  now: Date;
}

/**
 * True the first time a challenge is claimed, false for every later claim, on any gateway. The
 * same statement drops the rows of challenges that have expired (they are refused by their
 * expiry before anyone claims them), so the table holds at most one lifetime's worth.
 */
export async function claimChallenge(em: Em, claim: ChallengeClaim): Promise<boolean> {
  const inserted = await run(
    em,
    `with expired as (delete from used_challenges where expires_at < $4)
     insert into used_challenges (challenge, device_id, expires_at) values ($1, $2, $3)
     on conflict (challenge) do nothing`,
    [claim.challenge, claim.deviceId, claim.expiresAt, claim.now],
  );
  return inserted === 1;
}
