/** Reports from cached data only (capabilities matrix: "Partial — cached data only"), each with its age. */
import { age, nameOf, unitLabel } from '../format';
import { ownLocations } from '../places';
import type { AppSettings } from '../settings';
import type { DeviceState } from '../use-device';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export function ReportsScreen({ state, settings }: { state: DeviceState; settings: AppSettings }) {
  const { products, locations } = state.reference;
  const own = ownLocations(locations, settings.userId);
  const vehicles = own.filter((l) => l.kind === 'vehicle');
  const since = state.now.getTime() - WEEK_MS;
  const used = new Map<string, number>();
  for (const p of state.queue) {
    const e = p.event;
    const at = Date.parse(e.offlineContext?.claimedOccurredAt ?? e.occurredAt);
    if (
      e.eventType !== 'ProductIssued' ||
      e.performedBy !== settings.userId ||
      at < since ||
      !['queued', 'syncing', 'synced', 'conflicted'].includes(p.status)
    )
      continue;
    used.set(e.product, (used.get(e.product) ?? 0) + e.quantity.value);
  }
  const ownLines = state.view.lines.filter((l) => own.some((o) => o.id === l.location));
  const regulated = ownLines.filter((l) => l.believedOnHand > 0 && products.find((p) => p.id === l.product)?.regulated);
  const unit = (id: string) => unitLabel(products.find((p) => p.id === id)?.unit ?? '');
  const cached = (
    <p className="stale" data-testid="report-age">
      Cached data from {age(state.view.lastSuccessfulSync, state.now)}, with your unsent events.
    </p>
  );
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <h2>What I used this week</h2>
      {cached}
      <table className="stock" data-testid="report-used">
        <tbody>
          {[...used.entries()].map(([product, value]) => (
            <tr key={product}>
              <td>{nameOf(products, product)}</td>
              <td className="num">
                {value} {unit(product)}
              </td>
            </tr>
          ))}
          {used.size === 0 && (
            <tr>
              <td>Nothing issued in the last 7 days.</td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>My vehicle's stock</h2>
      {cached}
      {vehicles.map((v) => (
        <table key={v.id} className="stock" data-testid={`report-vehicle-${v.id}`}>
          <caption>{v.name}</caption>
          <tbody>
            {ownLines
              .filter((l) => l.location === v.id)
              .map((l) => (
                <tr key={l.product}>
                  <td>{nameOf(products, l.product)}</td>
                  <td className="num">
                    {l.believedOnHand} {unit(l.product)}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
      <h2>Regulated products I carry</h2>
      {cached}
      <table className="stock" data-testid="report-regulated">
        <tbody>
          {regulated.map((l) => {
            const p = products.find((x) => x.id === l.product)!;
            return (
              <tr key={`${l.location}:${l.product}`}>
                <td>
                  {p.name}
                  <br />
                  <small>
                    EPA {p.epaRegistrationNumber ?? '—'} · {nameOf(locations, l.location)}
                  </small>
                </td>
                <td className="num">
                  {l.believedOnHand} {unit(l.product)}
                </td>
              </tr>
            );
          })}
          {regulated.length === 0 && (
            <tr>
              <td>No regulated products on hand.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
