import { Migration } from '@mikro-orm/migrations';

/**
 * Answered handshake challenges, shared by every gateway on the database. A challenge is stateless
 * (an HMAC any gateway sharing the secret accepts), so a gateway's own memory of answered ones
 * could not stop a captured device request from being replayed to another gateway behind the same
 * load balancer within the challenge's lifetime. The row lives until the challenge expires.
 */
export class Migration20261130010000UsedChallenges extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table used_challenges (
      challenge text primary key,
      device_id text not null,
      expires_at timestamptz not null)`);
    this.addSql('create index used_challenges_expiry on used_challenges (expires_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists used_challenges');
  }
}
