/**
 * Small, dependency-free readers for environment variables. Each one records a readable problem
 * instead of throwing, so a misconfigured start reports every bad variable at once.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The raw value, or undefined when unset or blank (blank counts as unset). */
  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  port(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.problems.push(`${name}="${value}" must be an integer port between 1 and 65535`);
      return fallback;
    }
    return port;
  }

  /** One of `allowed` (exact spelling). */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}="${value}" must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  positiveInt(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      this.problems.push(`${name}="${value}" must be a positive integer`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    this.problems.push(`${name}="${value}" must be true or false`);
    return fallback;
  }

  /** host:port, as Temporal clients expect it. */
  hostPort(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    const match = /^([^\s:/]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(value);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
      this.problems.push(`${name}="${value}" must look like host:port, e.g. 127.0.0.1:7233`);
      return fallback;
    }
    return value;
  }

  postgresUrl(name: string, fallback?: string): string | undefined {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) return undefined;
    if (!isUrlWithProtocol(value, ['postgres:', 'postgresql:'])) {
      this.problems.push(`${name} must be a postgres://user[:password]@host:port/database URL`);
      return fallback;
    }
    return value;
  }

  httpUrl(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!isUrlWithProtocol(value, ['http:', 'https:'])) {
      this.problems.push(`${name}="${value}" must be an http(s):// URL`);
      return fallback;
    }
    return value;
  }

  email(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    // Accept "Name <a@b>" or "a@b": nodemailer takes both.
    if (!/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(value)) {
      this.problems.push(`${name}="${value}" must be an address like "PCO <no-reply@example.com>"`);
      return fallback;
    }
    return value;
  }
}

function isUrlWithProtocol(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
