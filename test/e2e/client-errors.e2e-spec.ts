import { JSON_UTF8 } from '../support/kong-expect';
import { Portico } from '../support/portico';
import { EchoUpstream } from '../support/echo-upstream';
import { parseHead, rawExchange } from '../support/raw-http';

/**
 * Errors raised before any route runs — by Node's parser and timers or Fastify's router — on every
 * listener: Portico's JSON shape with charset=utf-8, nothing echoed, never a framework's own object.
 */
const LONG = 'a'.repeat(10_000);
/** Status and body; null where the listener may answer before it reads the body (404 no route, 415 on the portal). */
const CASES: [string, string, number, { message: string } | null][] = [
  ['a request line over 8 KB', `GET /${LONG} HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n`, 414, { message: 'URI too long' }],
  ['a request line over the 16 KB head limit', `GET /${LONG}${LONG} HTTP/1.1\r\nHost: gw\r\n\r\n`, 414, { message: 'URI too long' }],
  ['headers over 16 KB', `GET / HTTP/1.1\r\nHost: gw\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 431, { message: 'Request header or cookie too large' }],
  ['a garbage request line', 'NOT HTTP AT ALL\r\n\r\n', 400, { message: 'Bad request' }],
  ['a header without a colon', 'GET / HTTP/1.1\r\nHost: gw\r\nNoColon\r\n\r\n', 400, { message: 'Bad request' }],
  ['a non-numeric Content-Length', 'POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: abc\r\n\r\n', 400, { message: 'Bad request' }],
  ['Content-Length with Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, { message: 'Bad request' }],
  ['broken chunked framing in the body', 'POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n', 400, null],
  ['an unknown expectation', 'GET / HTTP/1.1\r\nHost: gw\r\nExpect: teapot\r\n\r\n', 417, { message: 'Expectation failed' }],
  ['a head not finished in time', 'GET / HTTP/1.1\r\nHost: gw\r\nX-Slow: ', 408, { message: 'Request timeout' }],
];

describe('client errors on every listener', () => {
  let portico: Portico;

  beforeAll(async () => {
    portico = await Portico.start({ env: { PORTICO_HEADERS_TIMEOUT_MS: '500' } });
  });
  afterAll(async () => {
    await portico?.stop();
  });

  const listeners = ['proxy', 'admin', 'portal'] as const;
  const url = (listener: (typeof listeners)[number]) => ({ proxy: portico.proxyUrl, admin: portico.adminUrl, portal: portico.portalUrl })[listener];

  describe.each(listeners)('%s listener', (listener) => {
    it.each(CASES)('%s', async (_name, bytes, status, body) => {
      const exchange = await rawExchange(url(listener), bytes, { waitMs: 5_000 });
      const head = parseHead(exchange.text);
      if (body) expect({ status: head?.status, body: JSON.parse(head!.body) }).toEqual({ status, body });
      else expect(Object.keys(JSON.parse(head!.body))).toEqual(['message']);
      expect(head?.headers).toContainEqual(['content-type', JSON_UTF8]);
      expect(exchange.text).not.toContain('FST_');
      expect(exchange.text).not.toContain('aaaaaaaaaa');
      expect(head?.headers).toContainEqual(['connection', 'close']);
      expect(exchange.ended).not.toBe('open');
      // The proxy's answers carry the id its access-log line quotes (SPEC §9); the other listeners log no requests.
      const requestId = head?.headers.find(([name]) => name === 'x-portico-request-id')?.[1];
      if (listener === 'proxy') expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      else expect(requestId).toBeUndefined();
    });

    it('answers a malformed percent-encoding in the path in Portico\'s shape', async () => {
      const exchange = await rawExchange(url(listener), 'GET /services/%zz HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n');
      const head = parseHead(exchange.text);
      expect([400, 404]).toContain(head?.status);
      expect(head?.headers).toContainEqual(['content-type', JSON_UTF8]);
      expect(Object.keys(JSON.parse(head!.body))).toEqual(['message']);
      expect(exchange.text).not.toContain('FST_');
    });
  });

  // The proxy streams bodies to the upstream under each service's read_timeout (the proxy's own specs).
  describe.each(['admin', 'portal'] as const)('%s listener', (listener) => {
    it('ends a request whose body does not arrive within twice the head limit: 408, connection closed', async () => {
      const head = 'POST /services HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
      const exchange = await rawExchange(url(listener), `${head}{"name":"trick`, { waitMs: 10_000 });
      const answer = parseHead(exchange.text);
      expect({ status: answer?.status, body: JSON.parse(answer!.body) }).toEqual({ status: 408, body: { message: 'Request timeout' } });
      expect(answer?.headers).toContainEqual(['content-type', JSON_UTF8]);
      expect(exchange.ended).not.toBe('open');
    });
  });
});

describe('requests that arrive while Portico drains', () => {
  it("are served with Connection: close, never with Fastify's own 503 object", async () => {
    const upstream = await EchoUpstream.start();
    const portico = await Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } });
    try {
      await portico.admin('POST', '/services', { name: 'echo', url: upstream.url });
      await portico.admin('POST', '/services/echo/routes', { paths: ['/echo'] });
      // The second request arrives on the busy connection after the drain began.
      const exchange = rawExchange(portico.proxyUrl, 'GET /echo/slow?ms=800 HTTP/1.1\r\nHost: gw\r\n\r\n', {
        waitMs: 5_000,
        sent: (socket) => setTimeout(() => socket.write('GET /echo/after HTTP/1.1\r\nHost: gw\r\n\r\n'), 400),
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stopped = portico.stop();
      const { text } = await exchange;
      expect(await stopped).toBe(0);
      expect(text).not.toContain('statusCode');
      const second = parseHead(text.slice(text.indexOf('HTTP/1.1', 10)));
      expect(second?.status).toBe(200);
      expect(second?.headers).toContainEqual(['connection', 'close']);
    } finally {
      await portico.stop();
      await upstream.stop();
    }
  });
});
