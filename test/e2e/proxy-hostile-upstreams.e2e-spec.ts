import type { Socket } from 'node:net';
import { EchoUpstream } from '../support/echo-upstream';
import { JSON_UTF8 } from '../support/kong-expect';
import { expectAnsweringEverywhere } from '../support/liveness';
import { Portico } from '../support/portico';
import { ParsedHead, parseHead, RawExchange, rawExchange, skipInterimAnswers } from '../support/raw-http';
import { RawUpstream } from '../support/raw-upstream';

const BAD_GATEWAY = { message: 'An invalid response was received from the upstream server' };

/**
 * How the client must see a malformed upstream answer (SPEC §5): before the status line went out, a
 * well-formed 502; after it, a cut connection; a shape Node can relay honestly is relayed.
 */
type Outcome = 'bad-gateway' | 'cut' | 'bad-gateway-or-cut' | 'relayed';

// Each answer ends its connection, so no pooled upstream socket carries a shape into the next case.
const send = (bytes: string) => (socket: Socket) => socket.end(bytes);
const sendThenReset = (bytes: string) => (socket: Socket) => {
  socket.write(bytes);
  setTimeout(() => socket.resetAndDestroy(), 50);
};

const SHAPES: [string, (socket: Socket) => void, Outcome][] = [
  ['a body longer than its Content-Length', send('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokGARBAGE\r\n\r\n'), 'bad-gateway'],
  ['a chunk-size line that is not hex', send('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nZZ\r\nxx\r\n'), 'bad-gateway'],
  ['a body on a 204', send('HTTP/1.1 204 No Content\r\n\r\nsurprise body'), 'bad-gateway'],
  ['a body on a 304', send('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\nsurprise body'), 'bad-gateway'],
  ['a control character in the reason phrase', send('HTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nok'), 'relayed'],
  ['status 099', send('HTTP/1.1 099 Odd\r\nContent-Length: 2\r\n\r\nok'), 'bad-gateway'],
  ['status 1000', send('HTTP/1.1 1000 Odd\r\nContent-Length: 2\r\n\r\nok'), 'bad-gateway'],
  ['garbage in a chunked trailer', send('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nBad Trailer\x01: x\r\n\r\n'), 'bad-gateway'],
  ['an unrequested 101', send('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'), 'bad-gateway'],
  ['an unrequested 101 without Upgrade', send('HTTP/1.1 101 Switching Protocols\r\n\r\n'), 'bad-gateway'],
  ['both Content-Length and Transfer-Encoding', send('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'), 'bad-gateway'],
  ['two different Content-Lengths', send('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!'), 'bad-gateway'],
  ['a control character in a header value', send('HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\nok'), 'bad-gateway'],
  ['a header line without a colon', send('HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 2\r\n\r\nok'), 'bad-gateway'],
  ['no status line at all', send('garbage\r\n\r\n'), 'bad-gateway'],
  ['a reset right after the head', sendThenReset('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n'), 'bad-gateway'],
  ['a reset mid-body', sendThenReset('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial'), 'cut'],
  ['a reset mid-chunk', sendThenReset('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc'), 'cut'],
  ['a close before Content-Length is reached', (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'), 'bad-gateway-or-cut'],
  ['a 103 Early Hints before the answer', send('HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), 'relayed'],
  ['status 600', send('HTTP/1.1 600 Odd\r\nContent-Length: 2\r\n\r\nok'), 'relayed'],
  ['a transfer coding other than chunked', send('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'), 'bad-gateway'],
  ['Transfer-Encoding: Chunked, in another case', send('HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'), 'relayed'],
  ['an HTTP/1.0 close-delimited body', (s) => s.end('HTTP/1.0 200 OK\r\n\r\nok'), 'relayed'],
];

/** Whether the client got the whole body its framing announced. */
function complete(head: ParsedHead, exchange: RawExchange): boolean {
  const length = head.headers.find(([n]) => n === 'content-length');
  if (length) return head.body.length === Number(length[1]);
  if (head.headers.some(([n, v]) => n === 'transfer-encoding' && v === 'chunked')) return head.body.endsWith('0\r\n\r\n');
  return exchange.ended === 'closed';
}

describe('proxy: malformed upstream responses never take Portico down', () => {
  let portico: Portico;
  let echo: EchoUpstream;
  let hostile: RawUpstream;

  beforeAll(async () => {
    const byPath = new Map(SHAPES.map(([name, respond]) => [`/${encodeURIComponent(name)}`, respond]));
    [echo, hostile, portico] = await Promise.all([
      EchoUpstream.start(),
      RawUpstream.start((socket, _attempt, request) => byPath.get(request.split(' ')[1])?.(socket) ?? socket.destroy()),
      Portico.start(),
    ]);
    for (const [name, url] of [['hostile', hostile.url], ['echo', echo.url]]) {
      expect((await portico.admin('POST', '/services', { name, url, retries: 0 })).status).toBe(201);
      expect((await portico.admin('POST', `/services/${name}/routes`, { paths: [`/${name}`] })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await portico?.stop();
    await Promise.all([echo?.stop(), hostile?.stop()]);
  });

  it.each(SHAPES)('%s', async (name, _respond, outcome) => {
    const exchange = await rawExchange(portico.proxyUrl, `GET /hostile/${encodeURIComponent(name)} HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n`);
    // A 103 is passed on ahead of the final answer (proxy-interim-answers.e2e-spec.ts); the final one is judged here.
    const head = parseHead(skipInterimAnswers(exchange.text));
    const observed = head === null ? 'cut' : head.status === 502 ? 'bad-gateway' : complete(head, exchange) ? 'relayed' : 'cut';
    if (outcome === 'bad-gateway-or-cut') expect(['bad-gateway', 'cut']).toContain(observed);
    else expect(observed).toBe(outcome);

    if (observed === 'bad-gateway') {
      // Well-formed: the standard reason, one framing header, Portico's JSON.
      expect(head!.statusLine).toBe('HTTP/1.1 502 Bad Gateway');
      const names = head!.headers.map(([n]) => n);
      expect(names.filter((n) => n === 'content-length' || n === 'transfer-encoding')).toEqual(['content-length']);
      expect(head!.headers).toContainEqual(['content-type', JSON_UTF8]);
      expect(JSON.parse(head!.body)).toEqual(BAD_GATEWAY);
    }
    if (observed === 'relayed') {
      expect(head!.statusLine).toMatch(/^HTTP\/1\.1 \d{3} [\t\x20-\x7e]*$/);
      expect(head!.headers.filter(([n]) => n === 'content-length' || n === 'transfer-encoding')).toHaveLength(1);
    }
    if (observed === 'cut') expect(exchange.ended).not.toBe('open');

    await expectAnsweringEverywhere(portico, '/echo/after');
  });
});
