import type { Socket } from 'node:net';
import { EchoUpstream } from '../support/echo-upstream';
import { expectAnsweringEverywhere } from '../support/liveness';
import { Portico } from '../support/portico';
import { rawExchange } from '../support/raw-http';
import { RawUpstream } from '../support/raw-upstream';

/**
 * Hundreds of malformed upstream answers and client requests, generated from a fixed seed (so a failure
 * replays), thrown at one running Portico. Afterwards it must still answer on every listener, with its
 * memory bounded. Bounded in count and in time: each exchange waits at most EXCHANGE_MS.
 */
const SEED = 0x5eed;
const UPSTREAM_CASES = 300;
const CLIENT_CASES = 300;
const CONCURRENCY = 12;
const EXCHANGE_MS = 1_500;
const RSS_GROWTH_LIMIT = 150 * 1024 * 1024;

/** mulberry32: a tiny deterministic generator. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const int = (rng: Rng, max: number) => Math.floor(rng() * max);
const junk = (rng: Rng, length: number) => Array.from({ length }, () => String.fromCharCode(int(rng, 256))).join('');

/** Applies one to three byte-level mutations: insert junk, delete, duplicate a slice, flip a byte, truncate. */
function mutate(rng: Rng, text: string): string {
  let out = text;
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    const at = int(rng, out.length + 1);
    switch (int(rng, 5)) {
      case 0:
        out = out.slice(0, at) + junk(rng, 1 + int(rng, 8)) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + int(rng, 6));
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at, at + int(rng, 40)) + out.slice(at);
        break;
      case 3:
        out = out.slice(0, at) + String.fromCharCode(int(rng, 256)) + out.slice(at + 1);
        break;
      default:
        out = out.slice(0, Math.max(1, at));
    }
  }
  return out;
}

const UPSTREAM_TEMPLATES = [
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n',
  'HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n',
  'HTTP/1.1 304 Not Modified\r\nETag: "e"\r\n\r\n',
  'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nclose-delimited body',
  'HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nSet-Cookie: a=b\r\nSet-Cookie: c=d\r\nContent-Length: 0\r\n\r\n',
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
  'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
];

/** How the connection ends after the bytes: cleanly, by reset, or left open. */
function upstreamBehaviour(rng: Rng): (socket: Socket) => void {
  const bytes = Buffer.from(mutate(rng, pick(rng, UPSTREAM_TEMPLATES)), 'latin1');
  const split = int(rng, bytes.length);
  const ending = pick(rng, ['end', 'end', 'reset', 'open'] as const);
  return (socket) => {
    socket.write(bytes.subarray(0, split));
    setTimeout(() => {
      if (socket.destroyed) return;
      if (ending === 'end') socket.end(bytes.subarray(split));
      else if (ending === 'reset') socket.resetAndDestroy();
      else socket.write(bytes.subarray(split));
    }, int(rng, 30));
  };
}

const CLIENT_TEMPLATES = [
  'GET /echo/x?a=1 HTTP/1.1\r\nHost: gw\r\nAccept: */*\r\n\r\n',
  'POST /echo/upload HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"a":"hello"}',
  'POST /echo/upload HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  'POST /services HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n{"name":"x","url":"http://a"}',
  'POST /register HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"email":"a@b.c","password":"pw123456"}',
  'GET /echo/x HTTP/1.1\r\nHost: gw\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  'GET /echo/x HTTP/1.1\r\nHost: gw\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: 3\r\n\r\nabc',
  'GET /fuzz/1 HTTP/1.1\r\nHost: gw\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  'POST /echo/x HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody',
  'GET /echo/a HTTP/1.1\r\nHost: gw\r\n\r\nGET /echo/b HTTP/1.1\r\nHost: gw\r\n\r\n',
];

async function inBatches(count: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

describe('fuzz: malformed upstream answers and client requests', () => {
  let portico: Portico;
  let echo: EchoUpstream;
  let hostile: RawUpstream;

  beforeAll(async () => {
    const rng = random(SEED);
    const behaviours = Array.from({ length: UPSTREAM_CASES }, () => upstreamBehaviour(rng));
    [echo, hostile, portico] = await Promise.all([
      EchoUpstream.start(),
      RawUpstream.start((socket, _attempt, request) => {
        const index = Number(/^GET \/(\d+) /.exec(request)?.[1] ?? -1);
        (behaviours[index] ?? ((s: Socket) => s.destroy()))(socket);
      }),
      Portico.start({ env: { PORTICO_HEADERS_TIMEOUT_MS: '1000', PORTICO_LOG_LEVEL: 'error' } }),
    ]);
    for (const [name, url] of [['fuzz', hostile.url], ['echo', echo.url]]) {
      expect((await portico.admin('POST', '/services', { name, url, retries: 1, read_timeout: 1_000 })).status).toBe(201);
      expect((await portico.admin('POST', `/services/${name}/routes`, { paths: [`/${name}`] })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await portico?.stop();
    await Promise.all([echo?.stop(), hostile?.stop()]);
  });

  it('keeps answering on every listener, with memory bounded', async () => {
    await expectAnsweringEverywhere(portico, '/echo/warm');
    const rssBefore = portico.rssBytes();
    const started = Date.now();

    await inBatches(UPSTREAM_CASES, (i) =>
      rawExchange(portico.proxyUrl, `GET /fuzz/${i} HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n`, { waitMs: EXCHANGE_MS }),
    );
    const rng = random(SEED + 1);
    const listeners = [portico.proxyUrl, portico.adminUrl, portico.portalUrl];
    await inBatches(CLIENT_CASES, (i) =>
      rawExchange(listeners[i % listeners.length], Buffer.from(mutate(rng, pick(rng, CLIENT_TEMPLATES)), 'latin1'), { waitMs: EXCHANGE_MS }),
    );

    await expectAnsweringEverywhere(portico, '/echo/after');
    expect(Date.now() - started).toBeLessThan(150_000);
    expect(portico.rssBytes() - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT);
    expect(portico.logs).not.toMatch(/uncaught|ERR_STREAM_WRITE_AFTER_END|ERR_HTTP_HEADERS_SENT/i);
  }, 200_000);
});
