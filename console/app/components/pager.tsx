/** Previous/next links that keep the other query parameters (filters) of the page. */
import { Link, useLocation } from '@remix-run/react';

export function Pager({
  page,
  pageSize,
  total,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  label: string;
}) {
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (n: number) => {
    const params = new URLSearchParams(location.search);
    params.set('page', String(n));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      {page > 1 ? <Link to={href(page - 1)}>← Previous</Link> : <span className="muted">← Previous</span>}
      <span>
        Page {Math.min(page, pages)} of {pages} ({total} in all)
      </span>
      {page < pages ? <Link to={href(page + 1)}>Next →</Link> : <span className="muted">Next →</span>}
    </nav>
  );
}
