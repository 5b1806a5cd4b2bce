/**
 * Cross-site request forgery guard: a mutation is accepted only when the browser says it comes
 * from this console (the Origin header every current browser sends on a POST). A missing Origin
 * is refused too: forms of this console always carry one. Pure, so the HTTP host runs the same
 * check on every non-GET request before Remix sees it.
 */
export function allowedOrigins(requestUrl: string, consoleUrl: string): string[] {
  return [...new Set([new URL(requestUrl).origin, new URL(consoleUrl).origin])];
}

export function isSameOrigin(headers: Headers, requestUrl: string, consoleUrl: string): boolean {
  const origin = headers.get('origin');
  return origin !== null && allowedOrigins(requestUrl, consoleUrl).includes(origin);
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
