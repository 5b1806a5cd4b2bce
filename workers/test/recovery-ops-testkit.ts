/**
 * Shared by the operations integration tests (revocation, recovery, monitoring): a real SMTP
 * inbox, and saving a workflow history as the JSON fixture the replay tests read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '@pco/config';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { testTemporalAddress } from '../../jest/temporal';

export const FIXTURES_DIR = `${__dirname}/../../workflows/test/fixtures`;

/**
 * Proto3 JSON from the Temporal CLI (what `historyFromJSON` reads). The SDK's `historyToJSON`
 * throws "type must be a Type" under Jest's module registry, so the CLI does it. Written when
 * missing, or again with SAVE_HISTORY_FIXTURES=1 after a deliberate workflow change.
 */
export function saveHistoryFixture(workflowId: string, fileName: string, runId?: string): void {
  const file = `${FIXTURES_DIR}/${fileName}`;
  if (existsSync(file) && process.env.SAVE_HISTORY_FIXTURES !== '1') return;
  const config = loadConfig();
  const cli = ensureTemporalCli(config.repoRoot, config.temporal.cliPath);
  const json = execFileSync(cli, [
    'workflow', 'show', '--workflow-id', workflowId, '--address', testTemporalAddress(),
    '--namespace', config.temporal.namespace, '--output', 'json', '--no-json-shorthand-payloads',
    ...(runId ? ['--run-id', runId] : []),
  ], { encoding: 'utf8' });
  writeFileSync(file, json);
}

export interface ReceivedMail {
  to: string[];
  body: string;
}

/** A real SMTP server on an ephemeral port; STARTTLS off because its bundled certificate expired. */
export function startSmtpInbox(inbox: ReceivedMail[]): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      stream.on('end', () => { inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), body }); done(); });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.server.address() as { port: number }).port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  })));
}
