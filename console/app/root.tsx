/** The document: one stylesheet, no client-side state beyond Remix's; errors render readable pages. */
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import type { LinksFunction, MetaFunction } from '@remix-run/node';
import styles from './styles.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: 'data:,' },
];
export const meta: MetaFunction = () => [{ title: 'PCO Inventory console' }];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const TITLES: Record<number, string> = { 400: 'Bad request', 403: 'Refused', 404: 'Not found' };
  const title = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText || TITLES[error.status] || 'Error'}`
    : 'Something went wrong';
  const detail = isRouteErrorResponse(error)
    ? String(error.data ?? '')
    : 'The console could not show this page. Try again, or go back.';
  return (
    <main className="page narrow">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <a href="/dashboard">Back to the dashboard</a>
      </p>
    </main>
  );
}
