/**
 * A wide table that may scroll sideways on a tablet: a labelled region reachable with the
 * keyboard (tabIndex 0), so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function TableRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
