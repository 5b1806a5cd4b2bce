/** Per-address bookkeeping of auth/address-limits.ts, without sockets. */
import type { IncomingMessage } from 'node:http';
import { AddressLimits, clientAddress } from '../src/auth/address-limits';

const request = (remoteAddress: string, forwardedFor?: string): IncomingMessage =>
  ({
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    socket: { remoteAddress },
  }) as unknown as IncomingMessage;

const allowed = (limits: AddressLimits, req: IncomingMessage): boolean => {
  let result = false;
  limits.allowRequest(req, (_err, success) => (result = success));
  return result;
};

describe('client address', () => {
  it('Given a forwarded header, When the proxy is not trusted, Then the TCP peer is the address', () => {
    expect(clientAddress(request('10.0.0.1', '1.2.3.4'), false)).toBe('10.0.0.1');
  });

  it("Given a trusted proxy, When the client claims addresses itself, Then the last entry (the proxy's) counts", () => {
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1');
  });
});

describe('AddressLimits', () => {
  const config = {
    maxConnectionsPerAddress: 3,
    maxUnauthenticated: 4,
    maxUnauthenticatedPerAddress: 2,
    handshakesPerAddressPerSecond: 1,
    handshakeBurstPerAddress: 1,
    trustProxy: false,
  };

  it('Given two unauthenticated connections of one address, When a third comes, Then it is refused; another address is not', () => {
    const limits = new AddressLimits(config, () => new Date(0));
    const a = request('10.0.0.1');
    limits.connectionOpened(a);
    limits.connectionOpened(a);
    expect(allowed(limits, a)).toBe(false);
    expect(allowed(limits, request('10.0.0.2'))).toBe(true);
  });

  it('Given connections that authenticate, Then they leave the unauthenticated count but still count for the address', () => {
    const limits = new AddressLimits(config, () => new Date(0));
    const a = request('10.0.0.1');
    const first = limits.connectionOpened(a);
    const second = limits.connectionOpened(a);
    first.authenticated();
    second.authenticated();
    expect(allowed(limits, a)).toBe(true);
    limits.connectionOpened(a).authenticated();
    expect(allowed(limits, a)).toBe(false);
    first.closed();
    first.closed(); // a second close counts nothing
    expect(allowed(limits, a)).toBe(true);
    expect(limits.snapshot()).toEqual({ open: 2, unauthenticated: 0 });
  });

  it('Given the whole gateway at its unauthenticated cap, When any address connects, Then it is refused', () => {
    const limits = new AddressLimits(config, () => new Date(0));
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) limits.connectionOpened(request(ip));
    expect(allowed(limits, request('10.0.0.9'))).toBe(false);
  });
});
