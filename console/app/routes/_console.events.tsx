/**
 * The event log, newest first, paginated: every event with its hash-chain position and checks
 * (linked to the previous hash, chain hash recomputed, content hash recomputed) and, for device
 * events, its Ed25519 signature verified against the device's registered key, and the photos a
 * device attached (served by routes/attachments.$sha256.tsx, found by the hash the device signed).
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { KNOWN_EVENT_TYPES, type AttachmentRef } from '@pco/domain';
import { listEventLogPage, listFilterOptions } from '~/lib/store.server';
import { forkEm, requireUser } from '~/lib/auth.server';
import { PAGE_SIZE, pageOf } from '~/lib/forms';
import { formatTime } from '~/lib/format';
import { SIGNATURE_LABELS, verifyLoggedSignature } from '~/lib/signatures.server';
import { Pager } from '~/components/pager';
import { RouteError } from '~/components/route-error';
import { TableRegion } from '~/components/table-region';
import pagesCss from '~/pages.css?url';
import { FilterSelect, choicesByName, plainChoices } from '~/components/filter-select';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: pagesCss }];
export const meta: MetaFunction = () => [{ title: 'Event log · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const url = new URL(request.url);
  const em = forkEm(context);
  const options = await listFilterOptions(em);
  const askedType = url.searchParams.get('type') ?? '';
  const eventType = (KNOWN_EVENT_TYPES as readonly string[]).includes(askedType) ? askedType : undefined;
  const productId = options.products.some((p) => p.id === url.searchParams.get('product'))
    ? url.searchParams.get('product')!
    : undefined;
  const page = pageOf(url);
  const { rows, total } = await listEventLogPage(
    em,
    { eventType, productId },
    { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  );
  return {
    total,
    page,
    products: options.products,
    types: [...KNOWN_EVENT_TYPES],
    filter: { type: eventType ?? '', product: productId ?? '' },
    rows: rows.map((r) => {
      const signature = verifyLoggedSignature(r);
      const chainOk = r.chain.linked && r.chain.hashValid && r.chain.contentValid;
      return {
        position: r.position,
        eventId: r.eventId,
        eventType: r.eventType,
        productId: r.productId,
        fromLocation: r.fromLocation,
        toLocation: r.toLocation,
        quantity: `${r.payload.quantity.value} ${r.payload.quantity.unit}`,
        performedBy: r.performedBy,
        deviceId: r.deviceId,
        sequenceNumber: r.sequenceNumber,
        occurredAt: r.occurredAt,
        recordedAt: r.recordedAt,
        hash: r.hash,
        prevHash: r.prevHash,
        signature,
        signatureLabel: SIGNATURE_LABELS[signature],
        chainOk,
        chain: r.chain,
        photos: ((r.payload.data as { attachments?: AttachmentRef[] } | undefined)?.attachments ?? []).map(
          (a) => a.sha256,
        ),
      };
    }),
  };
}

const short = (hash: string) => `${hash.slice(0, 10)}…`;

export default function EventLog() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Event log</h1>
      <Form method="get" className="filters" aria-label="Filter the event log">
        <FilterSelect
          name="type"
          label="Event type"
          value={d.filter.type}
          empty="every type"
          choices={plainChoices(d.types)}
        />
        <FilterSelect
          name="product"
          label="Product"
          value={d.filter.product}
          empty="every product"
          choices={choicesByName(d.products)}
        />
        <button type="submit">Filter</button>
      </Form>
      {d.total === 0 ? (
        <p>No events match.</p>
      ) : (
        <TableRegion label="Events">
          <table>
            <thead>
              <tr>
                <th>Position</th>
                <th>Event</th>
                <th>Quantity</th>
                <th>From → to</th>
                <th>By</th>
                <th>When</th>
                <th>Signature</th>
                <th>Chain</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.position} data-position={r.position}>
                  <td>{r.position}</td>
                  <td>
                    {r.eventType}
                    <div className="muted">{r.eventId}</div>
                    <div className="muted">{r.productId}</div>
                    {r.photos.map((sha256, i) => (
                      <a key={sha256} href={`/attachments/${sha256}`} data-testid="photo">
                        <img
                          src={`/attachments/${sha256}`}
                          alt={`Photo ${i + 1} attached to ${r.eventType} ${r.eventId}`}
                          width={64}
                          height={64}
                          loading="lazy"
                        />
                      </a>
                    ))}
                  </td>
                  <td>{r.quantity}</td>
                  <td>
                    {r.fromLocation ?? '—'} → {r.toLocation ?? '—'}
                  </td>
                  <td>
                    {r.performedBy}
                    {r.deviceId ? (
                      <div className="muted">
                        {r.deviceId} #{r.sequenceNumber}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {formatTime(r.occurredAt)}
                    <div className="muted">recorded {formatTime(r.recordedAt)}</div>
                  </td>
                  <td data-testid="signature">
                    <span
                      className={
                        r.signature === 'invalid' || r.signature === 'key-mismatch'
                          ? 'bad'
                          : r.signature === 'valid'
                            ? 'good'
                            : undefined
                      }
                    >
                      {r.signatureLabel}
                    </span>
                  </td>
                  <td data-testid="chain">
                    <span className={r.chainOk ? 'good' : 'bad'}>{r.chainOk ? 'intact' : 'BROKEN'}</span>
                    {!r.chainOk ? (
                      <div>
                        {!r.chain.linked ? 'not linked to the previous event; ' : ''}
                        {!r.chain.hashValid ? 'hash does not recompute; ' : ''}
                        {!r.chain.contentValid ? 'content changed' : ''}
                      </div>
                    ) : null}
                    <div className="muted mono" title={r.hash}>
                      {short(r.hash)}
                    </div>
                    <div className="muted mono" title={r.prevHash}>
                      after {short(r.prevHash)}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pager page={d.page} pageSize={PAGE_SIZE} total={d.total} label="Events" />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError page="Event log" />;
}
