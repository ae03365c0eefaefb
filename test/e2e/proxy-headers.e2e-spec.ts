import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';
import { rawRequest } from '../support/raw-http';

interface Echo {
  url: string;
  headers: Record<string, string | undefined>;
  body_bytes: number;
}

const CLIENT_FORWARDED = {
  'x-forwarded-for': '203.0.113.7',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'public.example',
  'x-forwarded-port': '443',
  'x-forwarded-path': '/claimed/path',
  'x-forwarded-prefix': '/claimed',
  'x-real-ip': '203.0.113.7',
};

const SPOOFED_IDENTITY = {
  'X-Consumer-ID': 'spoofed',
  'x-consumer-custom-id': 'spoofed',
  'X-CONSUMER-USERNAME': 'spoofed',
  'X-Consumer-Groups': 'admins',
  'X-Credential-Identifier': 'spoofed',
  'X-Anonymous-Consumer': 'false',
  'X-Authenticated-Groups': 'admins',
  'X-Application-ID': 'spoofed',
  'X-Application-Name': 'spoofed',
};

async function startGateway(upstream: EchoUpstream, env: Record<string, string> = {}): Promise<Portico> {
  const portico = await Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off', ...env } });
  await portico.admin('POST', '/services', { name: 'echo', url: upstream.url });
  await portico.admin('POST', '/services/echo/routes', { paths: ['/hdr'] });
  await portico.admin('POST', '/services/echo/routes', { paths: ['/plain'], strip_path: false });
  return portico;
}

describe('proxy headers', () => {
  let upstream: EchoUpstream;
  let untrusting: Portico;
  let trusting: Portico;
  const proxyPort = (portico: Portico) => new URL(portico.proxyUrl).port;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    [untrusting, trusting] = await Promise.all([startGateway(upstream), startGateway(upstream, { PORTICO_TRUSTED_IPS: '127.0.0.1' })]);
  });
  afterAll(async () => {
    await Promise.all([untrusting?.stop(), trusting?.stop()]);
    await upstream?.stop();
  });

  const echo = (portico: Portico, path: string, headers: Record<string, string> = {}) =>
    rawRequest<Echo>(portico.proxyUrl, { path, headers: { host: 'client.example:8080', ...headers } });

  describe('X-Forwarded-* and X-Real-IP', () => {
    it('replaces what an untrusted client claims with what the gateway saw', async () => {
      const res = await echo(untrusting, '/hdr/a/./b?x=1', CLIENT_FORWARDED);
      expect(res.status).toBe(200);
      expect(res.body.headers).toMatchObject({
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'client.example',
        'x-forwarded-port': proxyPort(untrusting),
        'x-forwarded-path': '/hdr/a/./b',
        'x-forwarded-prefix': '/hdr',
        'x-real-ip': '127.0.0.1',
      });
    });

    it('sends no X-Forwarded-Prefix when nothing was stripped, whatever an untrusted client sent', async () => {
      const res = await echo(untrusting, '/plain/x', CLIENT_FORWARDED);
      expect(res.body.headers['x-forwarded-prefix']).toBeUndefined();
      expect(res.body.headers['x-forwarded-path']).toBe('/plain/x');
    });

    it("appends the peer to a trusted proxy's X-Forwarded-For and keeps its other values", async () => {
      const res = await echo(trusting, '/plain/x', CLIENT_FORWARDED);
      // A trusted peer's values are kept; only X-Forwarded-For gains the peer.
      expect(res.body.headers).toMatchObject({ ...CLIENT_FORWARDED, 'x-forwarded-for': '203.0.113.7, 127.0.0.1' });
    });

    it('fills in its own values when a trusted peer sent none', async () => {
      const res = await echo(trusting, '/hdr/y');
      expect(res.body.headers).toMatchObject({
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'client.example',
        'x-forwarded-port': proxyPort(trusting),
        'x-forwarded-path': '/hdr/y',
        'x-forwarded-prefix': '/hdr',
        'x-real-ip': '127.0.0.1',
      });
    });
  });

  describe('response headers', () => {
    it('adds Via and the two latency headers', async () => {
      const res = await echo(untrusting, '/hdr/latency');
      expect(res.headers.via).toBe('1.1 portico');
      expect(res.headers['x-portico-upstream-latency']).toMatch(/^\d+$/);
      expect(res.headers['x-portico-proxy-latency']).toMatch(/^\d+$/);
    });

    it("counts the upstream's time in the upstream latency", async () => {
      const res = await echo(untrusting, '/hdr/slow?ms=120');
      expect(Number(res.headers['x-portico-upstream-latency'])).toBeGreaterThanOrEqual(100);
      expect(Number(res.headers['x-portico-proxy-latency'])).toBeLessThan(100);
    });

    it("removes the upstream's hop-by-hop headers, including those its Connection header names", async () => {
      const res = await echo(untrusting, '/hdr/headers-out');
      expect(res.status).toBe(200);
      expect(res.headers['x-kept']).toBe('yes');
      expect(res.headers['x-hop']).toBeUndefined();
      expect(res.headers['proxy-authenticate']).toBeUndefined();
      expect(res.headers['keep-alive']).toBeUndefined();
      expect(res.headers.via).toBe('1.1 portico');
    });
  });

  describe('identity headers a client must not set', () => {
    it.each([
      ['untrusted', () => untrusting],
      ['trusted', () => trusting],
    ])('are removed from a %s peer on a route without any plugin', async (_name, gateway) => {
      const res = await echo(gateway(), '/hdr/who', { ...SPOOFED_IDENTITY, 'X-Consumerish': 'kept', 'X-App': 'kept' });
      expect(res.status).toBe(200);
      const received = Object.keys(res.body.headers);
      for (const name of Object.keys(SPOOFED_IDENTITY)) expect(received).not.toContain(name.toLowerCase());
      expect(res.body.headers['x-consumerish']).toBe('kept');
      expect(res.body.headers['x-app']).toBe('kept');
    });
  });

  describe('Connection header and hop-by-hop request headers', () => {
    it('drops the headers the client names in Connection, then adds its own', async () => {
      const res = await echo(untrusting, '/hdr/conn', {
        connection: 'keep-alive, X-Forwarded-For, x-real-ip, X-Custom, X-Consumer-ID',
        'x-custom': 'secret-hop',
        'x-forwarded-for': '203.0.113.7',
        'x-real-ip': '203.0.113.7',
        'x-consumer-id': 'spoofed',
      });
      expect(res.status).toBe(200);
      expect(res.body.headers['x-custom']).toBeUndefined();
      expect(res.body.headers['x-consumer-id']).toBeUndefined();
      expect(res.body.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(res.body.headers['x-real-ip']).toBe('127.0.0.1');
    });

    it('cannot use Connection to strip the headers Portico adds, even from a trusted peer', async () => {
      const res = await echo(trusting, '/hdr/conn', { connection: 'X-Forwarded-For, X-Forwarded-Proto, Via' });
      expect(res.body.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(res.body.headers['x-forwarded-proto']).toBe('http');
    });

    it('does not forward hop-by-hop headers', async () => {
      const res = await echo(untrusting, '/hdr/hop', {
        'keep-alive': 'timeout=5',
        'proxy-authorization': 'Basic c2VjcmV0',
        'proxy-connection': 'keep-alive',
        te: 'trailers',
        upgrade: 'websocket',
        'x-end-to-end': 'kept',
      });
      expect(res.status).toBe(200);
      for (const name of ['keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'upgrade']) {
        expect(res.body.headers[name]).toBeUndefined();
      }
      expect(res.body.headers['x-end-to-end']).toBe('kept');
    });

    it('re-frames a chunked request body instead of passing Transfer-Encoding through blindly', async () => {
      const res = await rawRequest<Echo & { body_sha256: string }>(untrusting.proxyUrl, {
        method: 'POST',
        path: '/hdr/chunked',
        headers: { 'transfer-encoding': 'chunked', connection: 'transfer-encoding' },
        body: 'hello chunked world',
      });
      expect(res.status).toBe(200);
      expect(res.body.body_bytes).toBe('hello chunked world'.length);
    });
  });
});
