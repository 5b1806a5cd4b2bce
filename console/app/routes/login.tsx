/** Sign-in: email and password; managers and admins only. A successful sign-in is audited. */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { currentUser, requireSameOrigin } from '~/lib/auth.server';
import { auditSession, checkSignIn } from '~/lib/session-actions.server';
import { getSession, sessionStorage } from '~/lib/session.server';
import { safeNext, validateSignIn, type SignInField } from '~/lib/sign-in-form';
import { signInThrottle } from '~/lib/sign-in-throttle';
import { FieldError, invalidProps } from '~/components/field-error';
import { readForm } from '~/lib/forms';

export const meta: MetaFunction = () => [{ title: 'Sign in · PCO Inventory console' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(request, context)) throw redirect(safeNext(new URL(request.url).searchParams.get('next')));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request, context);
  const form = await readForm(request);
  const checked = validateSignIn(form);
  if (!checked.ok)
    return data({ errors: checked.errors as Partial<Record<SignInField, string>>, formError: null }, { status: 400 });
  const nowMs = context.services.now().getTime();
  const waitMs = signInThrottle.waitMs(checked.value.email, nowMs);
  if (waitMs > 0) {
    return data(
      {
        errors: {},
        formError: `Too many wrong passwords for this email: try again in ${Math.ceil(waitMs / 60_000)} min.`,
      },
      { status: 429 },
    );
  }
  const signedIn = await checkSignIn(context, checked.value);
  if (!signedIn.ok) {
    if (signedIn.error.code === 'UNAUTHORIZED') signInThrottle.failed(checked.value.email, nowMs);
    return data(
      { errors: {}, formError: signedIn.error.message },
      { status: signedIn.error.code === 'FORBIDDEN' ? 403 : 401 },
    );
  }
  signInThrottle.succeeded(checked.value.email);
  // A new session on every sign-in: a token planted in this browser before (session fixation) ends here, never signs anyone in.
  const storage = sessionStorage(context.services);
  const previous = await getSession(context.services, request);
  if (previous.id) await storage.destroySession(previous);
  const session = await storage.getSession();
  session.set('personId', signedIn.value.id);
  await auditSession(context, signedIn.value.id, 'session.sign_in');
  return redirect(safeNext(new URL(request.url).searchParams.get('next')), {
    headers: { 'Set-Cookie': await storage.commitSession(session) },
  });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: Partial<Record<SignInField, string>> = result?.errors ?? {};
  return (
    <main className="page narrow">
      <h1>PCO Inventory console</h1>
      <p>Sign in with your manager or admin account.</p>
      {result?.formError ? (
        <p className="refused" role="alert">
          {result.formError}
        </p>
      ) : null}
      <Form
        method="post"
        className="stack"
        action={`/login${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}
      >
        <div>
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            {...invalidProps('email', errors.email)}
          />
          <FieldError fieldId="email" message={errors.email} />
        </div>
        <div>
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            {...invalidProps('password', errors.password)}
          />
          <FieldError fieldId="password" message={errors.password} />
        </div>
        <div>
          <button type="submit">Sign in</button>
        </div>
      </Form>
    </main>
  );
}
