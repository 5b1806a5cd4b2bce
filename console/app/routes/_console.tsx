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
];

export default function ConsoleLayout() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <nav className="nav" aria-label="Console">
        <p className="brand">PCO Inventory</p>
        {LINKS.map((link) => (
          <NavLink key={link.to} to={link.to}>{link.label}</NavLink>
        ))}
        <div className="who">
          <div>{user.name}</div>
          <div>({user.role})</div>
          <Form method="post" action="/logout">
            <button type="submit" className="secondary">Sign out</button>
          </Form>
        </div>
      </nav>
      <main id="main" className="page">
        <Outlet />
      </main>
    </div>
  );
}
