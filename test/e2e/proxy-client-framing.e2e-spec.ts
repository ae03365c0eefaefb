import { EchoUpstream } from '../support/echo-upstream';
import { JSON_UTF8 } from '../support/kong-expect';
import { Portico } from '../support/portico';
import { parseHead, rawExchange } from '../support/raw-http';
import { RawUpstream } from '../support/raw-upstream';

const header = (head: ReturnType<typeof parseHead>, name: string) => head?.headers.find(([n]) => n === name)?.[1];

describe('proxy: the client connection (Connection: close, HTTP/1.0, Expect, slow bodies)', () => {
  let portico: Portico;
  let echo: EchoUpstream;
  let chunked: RawUpstream;

  async function serviceWithRoute(name: string, service: Record<string, unknown>) {
    expect((await portico.admin('POST', '/services', { name, ...service })).status).toBe(201);
    expect((await portico.admin('POST', `/services/${name}/routes`, { paths: [`/${name}`] })).status).toBe(201);
  }

  beforeAll(async () => {
    [echo, chunked, portico] = await Promise.all([
      EchoUpstream.start(),
      RawUpstream.start((socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n')),
      Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } }),
    ]);
    await serviceWithRoute('echo', { url: echo.url });
    await serviceWithRoute('chunked', { url: chunked.url });
    await serviceWithRoute('trickle', { url: echo.url, read_timeout: 600 });
    // acl with no authenticator: every request is denied (401) before the upstream is involved.
    await serviceWithRoute('guarded', { url: echo.url });
    expect((await portico.admin('POST', '/services/guarded/plugins', { name: 'acl', config: { allow: ['staff'] } })).status).toBe(201);
  });
  afterAll(async () => {
    await portico?.stop();
    await Promise.all([echo?.stop(), chunked?.stop()]);
  });

  it("honours the client's Connection: close on a proxied response", async () => {
    const exchange = await rawExchange(portico.proxyUrl, 'GET /echo/x HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n', { waitMs: 3_000 });
    const head = parseHead(exchange.text);
    expect(head?.status).toBe(200);
    expect(header(head, 'connection')).toBe('close');
    expect(exchange.ended).toBe('closed');
  });

  it('keeps a keep-alive client connection open', async () => {
    const exchange = await rawExchange(portico.proxyUrl, 'GET /echo/x HTTP/1.1\r\nHost: gw\r\n\r\n', { waitMs: 500 });
    expect(header(parseHead(exchange.text), 'connection')).toBe('keep-alive');
    expect(exchange.ended).toBe('open');
  });

  it('answers HTTP/1.0 close-delimited, without chunking, whatever the upstream framed', async () => {
    const exchange = await rawExchange(portico.proxyUrl, 'GET /chunked/x HTTP/1.0\r\nHost: gw\r\n\r\n', { waitMs: 3_000 });
    const head = parseHead(exchange.text);
    expect(head?.statusLine).toBe('HTTP/1.1 200 OK');
    expect(header(head, 'transfer-encoding')).toBeUndefined();
    expect(header(head, 'connection')).toBe('close');
    expect(head?.body).toBe('hello');
    expect(exchange.ended).toBe('closed');
  });

  it('re-chunks for HTTP/1.1 clients with a single framing header', async () => {
    const exchange = await rawExchange(portico.proxyUrl, 'GET /chunked/x HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n', { waitMs: 3_000 });
    const head = parseHead(exchange.text);
    expect(head?.headers.filter(([n]) => n === 'transfer-encoding' || n === 'content-length')).toEqual([['transfer-encoding', 'chunked']]);
    expect(head?.body).toBe('5\r\nhello\r\n0\r\n\r\n');
  });

  describe('Expect: 100-continue', () => {
    const expectHead = (path: string, length: number) =>
      `POST ${path} HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nContent-Length: ${length}\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n\r\n`;

    it('denies without 100 Continue and closes the connection with the body unread', async () => {
      const exchange = await rawExchange(portico.proxyUrl, expectHead('/guarded/upload', 5_000_000), { waitMs: 3_000 });
      const head = parseHead(exchange.text);
      expect(exchange.text).not.toContain('100 Continue');
      expect(head?.status).toBe(401);
      expect(header(head, 'content-type')).toBe(JSON_UTF8);
      expect(JSON.parse(head!.body)).toEqual({ message: 'Unauthorized' });
      expect(header(head, 'connection')).toBe('close');
      expect(exchange.ended).toBe('closed');
    });

    it('sends 100 Continue once the request passed, then the upstream gets the body', async () => {
      const body = 'x'.repeat(1000);
      const exchange = await rawExchange(portico.proxyUrl, expectHead('/echo/upload', body.length), {
        waitMs: 3_000,
        then: (socket, received) => {
          if (received.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) socket.write(body);
        },
      });
      expect(exchange.text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')).toBe(true);
      const final = parseHead(exchange.text.slice('HTTP/1.1 100 Continue\r\n\r\n'.length));
      expect(final?.status).toBe(200);
      const echoed = JSON.parse(final!.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''));
      expect(echoed.body_bytes).toBe(1000);
      // Answered by Portico: the upstream is not asked again.
      expect(echoed.headers.expect).toBeUndefined();
    });

    it('closes the connection after a denial that leaves an ordinary body unread', async () => {
      const exchange = await rawExchange(portico.proxyUrl, 'POST /guarded/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 100000\r\n\r\npartial', {
        waitMs: 3_000,
      });
      const head = parseHead(exchange.text);
      expect(head?.status).toBe(401);
      expect(header(head, 'connection')).toBe('close');
      expect(exchange.ended).toBe('closed');
    });
  });

  it("ends a request whose body trickles in slower than the service's read_timeout: 408, connection closed", async () => {
    let timer: NodeJS.Timeout | undefined;
    const exchange = await rawExchange(portico.proxyUrl, 'POST /trickle/x HTTP/1.1\r\nHost: gw\r\nContent-Length: 1000\r\n\r\na', {
      waitMs: 5_000,
      // One byte every 150 ms: never idle as long as read_timeout, so only a bound on the whole body cuts it.
      sent: (socket) => (timer = setInterval(() => socket.writable && socket.write('a'), 150)),
      then: () => clearInterval(timer),
    });
    clearInterval(timer);
    const head = parseHead(exchange.text);
    expect(head?.status).toBe(408);
    expect(header(head, 'content-type')).toBe(JSON_UTF8);
    expect(JSON.parse(head!.body)).toEqual({ message: 'Request timeout' });
    expect(exchange.ended).toBe('closed');
    // The log line may reach us a moment after the answer.
    for (let waited = 0; !portico.logs.includes('request_body_timeout') && waited < 3_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(portico.logs).toContain('request_body_timeout');
  });
});
