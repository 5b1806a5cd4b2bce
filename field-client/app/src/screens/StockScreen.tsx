/** View inventory: what the phone believes is on hand, marked stale with its age when it may be. */
import { age, nameOf } from '../format';
import { ownLocations } from '../places';
import type { AppSettings } from '../settings';
import type { DeviceState } from '../use-device';

export function StockScreen({ state, settings }: { state: DeviceState; settings: AppSettings }) {
  const { products, locations } = state.reference;
  const own = ownLocations(locations, settings.userId);
  const lines = state.view.lines.filter((l) => own.some((o) => o.id === l.location));
  return (
    <section aria-labelledby="stock-title">
      <h1 id="stock-title">Stock</h1>
      <p className={state.view.mayBeStale ? 'stale' : 'fresh'} data-testid="stock-age">
        {state.view.mayBeStale ? 'May be stale: ' : ''}server figures from{' '}
        {age(state.view.lastSuccessfulSync, state.now)}; your unsent events are included.
      </p>
      {own.map((loc) => (
        <div key={loc.id}>
          <h2>{loc.name}</h2>
          <table className="stock" data-testid={`stock-${loc.id}`}>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">On hand</th>
                <th scope="col">Unsent</th>
              </tr>
            </thead>
            <tbody>
              {lines
                .filter((l) => l.location === loc.id)
                .map((l) => (
                  <tr key={`${l.location}:${l.product}`} data-product={l.product}>
                    <td>
                      {nameOf(products, l.product)}
                      {l.mayConflict ? ' ⚠ may conflict' : ''}
                    </td>
                    <td className="num" data-testid="believed">
                      {l.believedOnHand}
                    </td>
                    <td className="num">
                      {l.pendingEffect === 0 ? '' : l.pendingEffect > 0 ? `+${l.pendingEffect}` : l.pendingEffect}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
