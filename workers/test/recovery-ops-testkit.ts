/**
 * Shared by the operations integration tests (revocation, recovery, monitoring): the real parts
 * each file boots (fresh database, worker on the shared dev server, client), a real SMTP inbox,
 * and saving a workflow history as the JSON fixture the replay test reads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '@pco/config';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { ensureTemporalCli } from '../../scripts/lib/temporal-cli';
import { testTemporalAddress } from '../../jest/temporal';
import { createSmtpMailer, type Mailer } from '../src/mail/mailer';
import { forkEm } from '@pco/store';

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
  const json = execFileSync(
    cli,
    [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--address',
      testTemporalAddress(),
      '--namespace',
      config.temporal.namespace,
      '--output',
      'json',
      '--no-json-shorthand-payloads',
      ...(runId ? ['--run-id', runId] : []),
    ],
    { encoding: 'utf8' },
  );
  writeFileSync(file, json);
}

export interface OpsHarnessOptions {
  poolMax: number;
  /** Rows the test starts from, written before the worker polls. */
  seed(db: FreshDatabase): Promise<unknown>;
  taskQueue: string;
  /** The workflow module under test: the worker bundles only this file. */
  workflowsPath: string;
  activities(db: FreshDatabase): object;
}

/** Runs one SQL statement on its own forked EntityManager and returns the rows. */
export type Rows = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

export const rowsOf =
  (db: FreshDatabase): Rows =>
  (sql, params = []) =>
    forkEm(db.orm).execute(sql, params);

export interface OpsHarness {
  db: FreshDatabase;
  client: Client;
  rows: Rows;
  /** Stops the worker, closes both connections and drops the database. */
  stop(): Promise<void>;
}

/** Boots the parts in order; if one fails, the ones already up are stopped before the error is thrown. */
export async function startOpsHarness(options: OpsHarnessOptions): Promise<OpsHarness> {
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    while (closers.length > 0) await closers.pop()!();
  };
  try {
    const db = await freshDatabase({ poolMax: options.poolMax });
    closers.push(() => db.drop());
    await options.seed(db);
    const nativeConnection = await NativeConnection.connect({ address: testTemporalAddress() });
    closers.push(() => nativeConnection.close());
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue: options.taskQueue,
      workflowsPath: options.workflowsPath,
      activities: options.activities(db),
    });
    const workerRun = worker.run();
    closers.push(() => {
      worker.shutdown();
      return workerRun;
    });
    const clientConnection = await Connection.connect({ address: testTemporalAddress() });
    closers.push(() => clientConnection.close());
    return { db, client: new Client({ connection: clientConnection }), rows: rowsOf(db), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface ReceivedMail {
  to: string[];
  body: string;
}

export interface Mailbox {
  /** Every message the SMTP server accepted, in arrival order. */
  inbox: ReceivedMail[];
  /** The production SMTP mailer, pointed at this server. */
  mailer: Mailer;
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port; STARTTLS off because its bundled certificate expired. */
export async function startMailbox(): Promise<Mailbox> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  const mailer = createSmtpMailer({
    host: '127.0.0.1',
    port,
    from: 'PCO Inventory <no-reply@pco.test>',
    ignoreTLS: true,
  });
  return {
    inbox,
    mailer,
    async close() {
      mailer.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
