/** The signed-in layout: navigation, who is signed in, sign-out. Child loaders check the role themselves too. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/lib/auth.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { user };
}

const LINKS = [
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/conflicts', label: 'Conflicts' },
  { to: '/devices', label: 'Devices' },
  { to: '/recovery', label: 'Mass recovery' },
  { to: '/review', label: 'Review queue' },
  { to: '/requests', label: 'Requests' },
  { to: '/inventory', label: 'Inventory' },
  { to: '/reports', label: 'Reports' },
  { to: '/admin/products', label: 'Products', admin: true },
  { to: '/admin/locations', label: 'Locations', admin: true },
  { to: '/admin/people', label: 'People and roles', admin: true },
  { to: '/admin/receive', label: 'Receive stock', admin: true },
];

export default function ConsoleLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <nav className="nav" aria-label="Console">
        <p className="brand">PCO Inventory</p>
        {LINKS.filter((link) => !('admin' in link) || user.role === 'admin').map((link) => (
          <NavLink key={link.to} to={link.to}>
            {link.label}
          </NavLink>
        ))}
        <div className="who">
          <div>{user.name}</div>
          <div>({user.role})</div>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary">
              Sign out
            </button>
          </Form>
        </div>
      </nav>
      <main id="main" className="page">
        <Outlet />
      </main>
    </div>
  );
}
