import type { IncomingMessage } from 'node:http';
import { trustedIpList } from '../config/portico-config';
import { cameOverHttps, clientAddress, isTrustedPeer, peerAddress, trustedProxiesOf } from './trusted-proxies';

describe('trusted proxies', () => {
  const trusted = trustedIpList(['10.0.0.0/8', 'fd00::/8']);
  const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}, encrypted = false) =>
    ({ socket: { remoteAddress, encrypted }, headers }) as unknown as IncomingMessage;

  it('reads IPv4-mapped IPv6 peers as plain IPv4', () => {
    expect(peerAddress(request('::ffff:10.1.2.3').socket)).toBe('10.1.2.3');
    expect(peerAddress(request('::ffff:a00:1').socket)).toBe('::ffff:a00:1');
    expect(peerAddress(request('fd00::1').socket)).toBe('fd00::1');
    expect(peerAddress(request(undefined).socket)).toBe('');
  });

  it.each([
    ['10.1.2.3', true],
    ['fd00::1', true],
    ['192.168.1.1', false],
    ['fe80::1', false],
    ['', false],
    ['not-an-address', false],
  ])('trusts %j: %s', (address, expected) => {
    expect(isTrustedPeer(address, trusted)).toBe(expected);
  });

  it.each([
    ['TLS on our own socket', request('192.168.1.1', {}, true), true],
    ['a trusted proxy that terminated TLS', request('10.0.0.1', { 'x-forwarded-proto': 'https' }), true],
    ['a trusted proxy over IPv4-mapped IPv6', request('::ffff:10.0.0.1', { 'x-forwarded-proto': 'https' }), true],
    ['a trusted proxy that received plain http', request('10.0.0.1', { 'x-forwarded-proto': 'http' }), false],
    ['a trusted proxy that says nothing', request('10.0.0.1'), false],
    ['an untrusted client claiming https', request('192.168.1.1', { 'x-forwarded-proto': 'https' }), false],
    ['a socket without a peer address', request(undefined, { 'x-forwarded-proto': 'https' }), false],
  ])('%s → https: %s', (_name, req, expected) => {
    expect(cameOverHttps(req, trusted)).toBe(expected);
  });

  describe('client address', () => {
    const forwarded = (peer: string, xff?: string) => clientAddress(request(peer, xff === undefined ? {} : { 'x-forwarded-for': xff }), trusted);

    it.each([
      ['an untrusted peer, whatever it forwards', '192.168.1.1', '1.1.1.1', '192.168.1.1'],
      ['an untrusted IPv4-mapped peer', '::ffff:192.168.1.1', undefined, '192.168.1.1'],
      ['a trusted peer without X-Forwarded-For', '10.0.0.1', undefined, '10.0.0.1'],
      ['a trusted peer: the hop it saw', '10.0.0.1', '1.1.1.1', '1.1.1.1'],
      ['the first untrusted hop from the right, not what the client wrote before it', '10.0.0.1', '6.6.6.6, 1.1.1.1, 10.0.0.2', '1.1.1.1'],
      ['every hop trusted: the leftmost', '10.0.0.1', '10.0.0.3, 10.0.0.2', '10.0.0.3'],
      ['a hop with a port', '10.0.0.1', '1.1.1.1:5678', '1.1.1.1'],
      ['a bracketed IPv6 hop with a port', '10.0.0.1', '[2001:db8::1]:443', '2001:db8::1'],
      ['an IPv6 hop', '10.0.0.1', '2001:db8::1', '2001:db8::1'],
      ['an IPv4-mapped hop', '10.0.0.1', '::ffff:1.1.1.1', '1.1.1.1'],
      ['garbage right of the client: the trusted hop that reported it', '10.0.0.1', '1.1.1.1, unknown, 10.0.0.2', '10.0.0.2'],
      ['garbage from the trusted peer itself: the peer', '10.0.0.1', '1.1.1.1, unknown', '10.0.0.1'],
      ['an empty entry', '10.0.0.1', '1.1.1.1, ', '10.0.0.1'],
    ])('%s', (_name, peer, xff, expected) => {
      expect(forwarded(peer, xff)).toBe(expected);
    });

    it('walks at most 32 hops', () => {
      const hops = Array.from({ length: 40 }, (_, i) => `10.0.1.${i}`).join(', ');
      expect(forwarded('10.0.0.1', `1.1.1.1, ${hops}`)).toBe('10.0.1.8');
    });
  });
});

describe('trustedProxiesOf', () => {
  it('builds one list per configuration and shares it', () => {
    const config = { trustedIps: ['10.0.0.0/8'] };
    const list = trustedProxiesOf(config);
    expect(trustedProxiesOf(config)).toBe(list);
    expect(list.check('10.1.2.3', 'ipv4')).toBe(true);
    expect(list.check('11.1.2.3', 'ipv4')).toBe(false);
    const other = trustedProxiesOf({ trustedIps: [] });
    expect(other).not.toBe(list);
    expect(other.check('10.1.2.3', 'ipv4')).toBe(false);
  });
});
