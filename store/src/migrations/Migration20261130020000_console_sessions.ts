import { Migration } from '@mikro-orm/migrations';

/**
 * Console sessions kept on the server. The cookie used to carry the signed person id itself, so
 * signing out only asked the browser to forget it: a copied cookie kept working for its eight
 * hours. Now the cookie carries a random token; the row (keyed by the token's sha256, so a leaked
 * table holds no usable token) is the session, and signing out deletes it.
 */
export class Migration20261130020000ConsoleSessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table console_sessions (
      token_hash text primary key,
      data jsonb not null,
      created_at timestamptz not null,
      expires_at timestamptz not null)`);
    this.addSql('create index console_sessions_expiry on console_sessions (expires_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists console_sessions');
  }
}
