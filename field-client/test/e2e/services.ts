/**
 * The real back end an e2e test drives the field app against: a fresh, migrated, demo-seeded
 * PostgreSQL database, a Temporal worker (every activity, its own task queue) on the shared test
 * server, the gateway as `npm start` runs it (conflict workflows started on upload, technician
 * decisions sent as `decide` updates, the device notification outbox delivered), an SMTP server
 * catching the mail, and the built app served with the gateway allowing its origin.
 */
import { createHash, randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@pco/config';
import { getEventAttachment, query, type StoreOrm } from '@pco/store';
import { seedDemoData } from '@pco/store/demo';
import { freshDatabase, type FreshDatabase } from '@pco/store/test-support';
import { startGateway, type RunningGateway } from '@pco/sync-socket';
import {
  conflictDecisionHook,
  conflictStarterHook,
  connectClient,
  createSmtpMailer,
  createWorkerActivities,
  runWorker,
  type RunningWorker,
  type TemporalClientHandle,
} from '@pco/workers';
import { testTemporalAddress } from '../../../jest/temporal';
import { serveFieldApp, type FieldAppServer } from '../../../scripts/lib/field-app';

export interface Services {
  db: FreshDatabase;
  orm: StoreOrm;
  gateway: RunningGateway;
  /** The gateway as the phone reaches it (localhost, like the app's own origin). */
  gatewayUrl: string;
  app: FieldAppServer;
  temporal: TemporalClientHandle;
  taskQueue: string;
  mails: string[];
  close(): Promise<void>;
}

async function startSmtp(mails: string[]): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startServices(): Promise<Services> {
  const config = loadConfig();
  const stops: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => console.error('e2e teardown step failed:', error));
  };
  try {
    const db = await freshDatabase({ poolMax: 4 });
    stops.push(() => db.drop());
    await seedDemoData(db.orm, new Date());
    const mails: string[] = [];
    const smtp = await startSmtp(mails);
    stops.push(smtp.close);
    const mailer = createSmtpMailer({
      host: '127.0.0.1',
      port: smtp.port,
      from: 'PCO Inventory <no-reply@pco.test>',
      ignoreTLS: true,
    });
    stops.push(async () => mailer.close());
    const taskQueue = `field-e2e-${randomUUID()}`;
    const connection = await NativeConnection.connect({ address: testTemporalAddress() });
    stops.push(() => connection.close());
    const activities = createWorkerActivities({
      orm: db.orm,
      now: () => new Date(),
      mailer,
      consoleUrl: 'http://console.test',
    });
    const worker: RunningWorker = await runWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue,
      activities,
    });
    stops.push(() => worker.stop());
    const temporal = await connectClient({ address: testTemporalAddress(), namespace: config.temporal.namespace });
    stops.push(() => temporal.close());
    const app = await serveFieldApp({ port: 0 });
    stops.push(() => app.close());
    const gateway = await startGateway({
      port: 0,
      databaseUrl: db.databaseUrl,
      poolMax: 4,
      gateway: { corsOrigins: [app.url], logLevel: 'warn', verifierThreads: 1 },
      onConflicts: conflictStarterHook(temporal.client, db.orm, { taskQueue }),
      onConflictDecision: conflictDecisionHook(temporal.client),
      notificationSweepMs: 1_000,
    });
    stops.push(() => gateway.close());
    const gatewayUrl = gateway.url.replace('127.0.0.1', 'localhost');
    app.setGatewayUrl(gatewayUrl);
    return { db, orm: db.orm, gateway, gatewayUrl, app, temporal, taskQueue, mails, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function serverOnHand(orm: StoreOrm, location: string, product: string): Promise<number> {
  const rows = await query<{ quantity: string }>(
    orm.em.fork(),
    'select quantity from on_hand where location_id = $1 and product_id = $2',
    [location, product],
  );
  return rows.length === 0 ? 0 : Number(rows[0].quantity);
}

export async function deviceEvents(
  orm: StoreOrm,
  deviceId: string,
): Promise<Array<{ position: number; sequence: number; type: string; eventId: string }>> {
  const rows = await query<{ position: string; sequence_number: number; event_type: string; event_id: string }>(
    orm.em.fork(),
    'select position, sequence_number, event_type, event_id from event_log where device_id = $1 order by position',
    [deviceId],
  );
  return rows.map((r) => ({
    position: Number(r.position),
    sequence: r.sequence_number,
    type: r.event_type,
    eventId: r.event_id,
  }));
}

/** The photos an event references (from its stored payload) and what the server holds for each. */
export async function attachmentsOf(orm: StoreOrm, eventId: string) {
  const rows = await query<{
    payload: { data: { attachments?: Array<{ sha256: string; contentType: string; size: number }> } };
  }>(orm.em.fork(), 'select payload from event_log where event_id = $1', [eventId]);
  const refs = rows[0]?.payload.data.attachments ?? [];
  return Promise.all(
    refs.map(async (ref) => {
      const stored = await getEventAttachment(orm.em.fork(), ref.sha256);
      return {
        ref,
        stored: stored && {
          sha256: stored.sha256,
          contentType: stored.contentType,
          size: stored.size,
          bytesSha256: createHash('sha256').update(stored.bytes).digest('hex'),
        },
      };
    }),
  );
}
