/**
 * A page's own error boundary: the layout (navigation, who is signed in) stays, and the page
 * says what went wrong in words: 403 for a manager on an admin page, 404 for an unknown id,
 * anything else without internals.
 */
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

export function RouteError({ page }: { page: string }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    return (
      <section aria-labelledby="route-error-h">
        <h1 id="route-error-h">
          {page}: {error.status === 403 ? 'not allowed' : error.status === 404 ? 'not found' : `error ${error.status}`}
        </h1>
        <p className="refused" role="alert">
          {typeof error.data === 'string' && error.data ? error.data : error.statusText}
        </p>
        <p>
          <Link to="/dashboard">Back to the dashboard</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="route-error-h">
      <h1 id="route-error-h">{page}: something went wrong</h1>
      <p className="refused" role="alert">
        The console could not show this page. Try again in a moment; nothing was changed by showing it.
      </p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </section>
  );
}
