import type { IncomingMessage } from 'node:http';
import { trustedIpList } from '../config/portico-config';
import { cameOverHttps, clientAddress, isTrustedPeer, peerAddress } from './trusted-proxies';

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

  it.each([
    ['an untrusted peer, whatever it forwards', request('192.168.1.1', { 'x-forwarded-for': '1.2.3.4' }), '192.168.1.1'],
    ['a trusted proxy without X-Forwarded-For', request('10.0.0.1'), '10.0.0.1'],
    ['a trusted proxy: the first untrusted hop from the right', request('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.9' }), '1.2.3.4'],
    ['only trusted hops', request('10.0.0.1', { 'x-forwarded-for': '10.0.0.2, 10.0.0.3' }), '10.0.0.1'],
    ['a hop that is not an address', request('10.0.0.1', { 'x-forwarded-for': 'unknown' }), 'unknown'],
  ])('client address for %s', (_name, req, expected) => {
    expect(clientAddress(req, trusted)).toBe(expected);
  });
});
