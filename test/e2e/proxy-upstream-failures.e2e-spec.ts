import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EchoUpstream } from '../support/echo-upstream';
import { expectJson } from '../support/kong-expect';
import { Portico } from '../support/portico';
import { rawRequest } from '../support/raw-http';
import { Behaviour, RawUpstream } from '../support/raw-upstream';

const BAD_GATEWAY = { message: 'An invalid response was received from the upstream server' };
const UNAVAILABLE = { message: 'The upstream server is currently unavailable' };
const TIMEOUT = { message: 'The upstream server is timing out' };

const drop: Behaviour = (socket) => socket.destroy();
const answerOk: Behaviour = (socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
/** Headers and part of the body, then the connection drops. */
const dieMidBody: Behaviour = (socket) => {
  socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial');
  setTimeout(() => socket.destroy(), 20);
};

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('proxy: upstream failures', () => {
  let portico: Portico;
  let echo: EchoUpstream;
  let flaky: RawUpstream;

  const send = (path: string, method = 'GET', body?: string) => rawRequest(portico.proxyUrl, { method, path, body });
  async function serviceWithRoute(name: string, service: Record<string, unknown>) {
    expect((await portico.admin('POST', '/services', { name, ...service })).status).toBe(201);
    expect((await portico.admin('POST', `/services/${name}/routes`, { paths: [`/${name}`] })).status).toBe(201);
  }

  beforeAll(async () => {
    [echo, flaky, portico] = await Promise.all([EchoUpstream.start(), RawUpstream.start(drop), Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } })]);
    await serviceWithRoute('refused', { url: `http://127.0.0.1:${await closedPort()}`, retries: 2 });
    await serviceWithRoute('unresolvable', { url: 'http://nonexistent.invalid', retries: 0 });
    await serviceWithRoute('slow', { url: echo.url, read_timeout: 300 });
    await serviceWithRoute('echo', { url: echo.url });
    await serviceWithRoute('flaky', { url: flaky.url, retries: 3 });
  });
  afterAll(async () => {
    await portico?.stop();
    await Promise.all([echo?.stop(), flaky?.stop()]);
  });

  it('answers a refused connection with 502 (after its retries)', async () => {
    const res = await send('/refused/x');
    expectJson(res, 502, BAD_GATEWAY);
    expect(res.headers.via).toBe('1.1 portico');
    expectJson(await send('/refused/x', 'POST', 'body'), 502, BAD_GATEWAY);
  });

  it('answers an unresolvable host with 503', async () => {
    expectJson(await send('/unresolvable/x'), 503, UNAVAILABLE);
  });

  it('answers 504 once read_timeout passes, without waiting for the upstream', async () => {
    const started = Date.now();
    const res = await send('/slow/slow?ms=3000');
    const elapsed = Date.now() - started;
    expectJson(res, 504, TIMEOUT);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1500);
    // Faster than read_timeout is fine.
    expect((await send('/slow/slow?ms=50')).status).toBe(200);
  });

  it('answers a connection reset before any response with 502', async () => {
    expectJson(await send('/echo/reset'), 502, BAD_GATEWAY);
  });

  it('passes the upstream\'s own error statuses through untouched', async () => {
    const res = await send('/echo/status/503');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 503 });
    expect(res.headers['content-type']).toBe('application/json');
  });

  describe('retries', () => {
    beforeEach(() => {
      flaky.attempts = 0;
    });

    it.each(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT'])('retries a bodyless %s up to `retries` times', async (method) => {
      flaky.behaviour = drop;
      expect((await send('/flaky/x', method)).status).toBe(502);
      expect(flaky.attempts).toBe(4);
    });

    it('delivers the answer when a retry succeeds', async () => {
      flaky.behaviour = (socket, attempt, request) => (attempt === 3 ? answerOk : drop)(socket, attempt, request);
      const res = await send('/flaky/x');
      expect(res.status).toBe(200);
      expect(res.text).toBe('ok');
      expect(flaky.attempts).toBe(3);
    });

    it.each([
      ['POST', undefined],
      ['PATCH', undefined],
      ['POST', 'a body'],
      ['PUT', 'a body that was already streamed'],
    ])('never retries %s with body %p', async (method, body) => {
      flaky.behaviour = drop;
      expectJson(await send('/flaky/x', method, body), 502, BAD_GATEWAY);
      expect(flaky.attempts).toBe(1);
    });

    it('stops at the service retries setting, 0 meaning one attempt', async () => {
      flaky.behaviour = drop;
      await portico.admin('PATCH', '/services/flaky', { retries: 0 });
      expect((await send('/flaky/x')).status).toBe(502);
      expect(flaky.attempts).toBe(1);
      await portico.admin('PATCH', '/services/flaky', { retries: 3 });
    });
  });

  it('cuts the client off when the upstream dies mid-body, rather than sending a second status', async () => {
    const partial = await RawUpstream.start(dieMidBody);
    try {
      await serviceWithRoute('partial', { url: partial.url });
      await expect(send('/partial/x')).rejects.toThrow();
    } finally {
      await partial.stop();
    }
  });
});
