/** Sign-in check and the audit rows of signing in and out. */
import type { AppLoadContext } from '@remix-run/node';
import { recordConsoleAudit, verifyConsoleSignIn } from '@pco/store';
import { forkEm } from './auth.server';

export const checkSignIn = (context: AppLoadContext, credentials: { email: string; password: string }) =>
  verifyConsoleSignIn(forkEm(context), credentials);

export const auditSession = (
  context: AppLoadContext,
  personId: string,
  action: 'session.sign_in' | 'session.sign_out',
) =>
  recordConsoleAudit(forkEm(context), {
    actorId: personId,
    action,
    target: `person:${personId}`,
    details: {},
    at: context.services.now(),
  });
