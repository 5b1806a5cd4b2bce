/**
 * The admin-only pages (central functions): requireUser/requireActionUser first (signed in,
 * manager or admin, same origin for actions), then the role. A manager gets a 403 page, not a
 * redirect: they are signed in, just not allowed here.
 */
import type { AppLoadContext } from '@remix-run/node';
import { requireActionUser, requireUser, type ConsoleUser } from './auth.server';

function onlyAdmins(user: ConsoleUser): ConsoleUser {
  if (user.role !== 'admin')
    throw new Response('Only an admin may change products, locations, people or receive stock.', {
      status: 403,
      statusText: 'Forbidden',
    });
  return user;
}

export const requireAdmin = async (request: Request, context: AppLoadContext): Promise<ConsoleUser> =>
  onlyAdmins(await requireUser(request, context));

export const requireAdminAction = async (request: Request, context: AppLoadContext): Promise<ConsoleUser> =>
  onlyAdmins(await requireActionUser(request, context));
