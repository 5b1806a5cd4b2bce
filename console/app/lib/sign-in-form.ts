/** Validation of the sign-in form (pure). */
import { field, type Validated } from './forms';

export type SignInField = 'email' | 'password';

export function validateSignIn(form: FormData): Validated<{ email: string; password: string }, SignInField> {
  const email = field(form, 'email');
  const password = typeof form.get('password') === 'string' ? (form.get('password') as string) : '';
  const errors: Partial<Record<SignInField, string>> = {};
  if (email === '') errors.email = 'Enter your email address.';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
    errors.email = 'Enter an email address like name@example.com.';
  if (password === '') errors.password = 'Enter your password.';
  else if (password.length > 1024) errors.password = 'That password is too long.';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: { email, password } };
}

/** Only a path inside the console, never another site (open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/dashboard';
}
