import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';
import { rawRequest } from '../support/raw-http';

const MB = 1024 * 1024;
const SIZE = 100 * MB;
/** How much the gateway's resident memory may grow while 100 MB pass through it. */
const RSS_BUDGET = 60 * MB;

/** `bytes` of deterministic, non-repeating-looking data, generated as it is read, with its sha256. */
function generatedBody(bytes: number): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash('sha256');
  let resolveHash!: (hex: string) => void;
  const sha256 = new Promise<string>((resolve) => (resolveHash = resolve));
  const chunk = Buffer.alloc(64 * 1024);
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= bytes) {
        resolveHash(hash.digest('hex'));
        this.push(null);
        return;
      }
      const size = Math.min(chunk.length, bytes - sent);
      for (let i = 0; i < size; i += 4) chunk.writeUInt32LE((sent + i) * 2654435761 >>> 0, i);
      const piece = Buffer.from(chunk.subarray(0, size));
      hash.update(piece);
      sent += size;
      this.push(piece);
    },
  });
  return { stream, sha256 };
}

/** Samples the gateway's RSS while `work` runs; resolves with the work's result and the peak growth. */
async function withRssPeak<T>(portico: Portico, work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const baseline = portico.rssBytes();
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, portico.rssBytes())), 20);
  try {
    const result = await work();
    peak = Math.max(peak, portico.rssBytes());
    return { result, growth: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}

/** GETs `path` from the proxy, hashing the body; `pauseAfter` bytes in, stops reading for `pauseMs`. */
function download(baseUrl: string, path: string, pauseAfter = Infinity, pauseMs = 0): Promise<{ status: number; bytes: number; sha256: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, agent: false }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      let paused = false;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (!paused && bytes >= pauseAfter) {
          paused = true;
          res.pause();
          setTimeout(() => res.resume(), pauseMs);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, bytes, sha256: hash.digest('hex') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('proxy: streaming bodies', () => {
  let portico: Portico;
  let upstream: EchoUpstream;

  beforeAll(async () => {
    [upstream, portico] = await Promise.all([EchoUpstream.start(), Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } })]);
    await portico.admin('POST', '/services', { name: 'echo', url: upstream.url });
    await portico.admin('POST', '/services/echo/routes', { paths: ['/stream'] });
    // Warm up, so the baseline includes what the first proxied request allocates once.
    await download(portico.proxyUrl, `/stream/download?bytes=${4 * MB}`);
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  it('streams a 100 MB upload with Content-Length, memory bounded, bytes intact', async () => {
    const body = generatedBody(SIZE);
    const { result, growth } = await withRssPeak(portico, () =>
      rawRequest(portico.proxyUrl, {
        method: 'POST',
        path: '/stream/upload',
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(SIZE) },
        body: body.stream,
      }),
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ body_bytes: SIZE, body_sha256: await body.sha256 });
    expect(result.body.headers['content-length']).toBe(String(SIZE));
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it('streams a 100 MB chunked upload without Content-Type, memory bounded, bytes intact', async () => {
    const body = generatedBody(SIZE);
    const { result, growth } = await withRssPeak(portico, () =>
      rawRequest(portico.proxyUrl, { method: 'PUT', path: '/stream/upload', headers: { 'transfer-encoding': 'chunked' }, body: body.stream }),
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ body_bytes: SIZE, body_sha256: await body.sha256 });
    expect(result.body.headers['content-type']).toBeUndefined();
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it('passes small bodies of any content type through unparsed', async () => {
    for (const [contentType, body] of [
      ['application/json', '{"not": "parsed"'],
      ['application/x-www-form-urlencoded', 'a=1&a=2&b'],
      ['text/plain; charset=latin1', 'plain'],
      ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
    ]) {
      const res = await rawRequest(portico.proxyUrl, { method: 'POST', path: '/stream/small', headers: { 'content-type': contentType }, body });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ body_bytes: Buffer.byteLength(body), body_sha256: createHash('sha256').update(body).digest('hex') });
      expect(res.body.headers['content-type']).toBe(contentType);
    }
    const noType = await rawRequest(portico.proxyUrl, { method: 'POST', path: '/stream/small', headers: { 'content-length': '5' }, body: 'hello' });
    expect(noType.body).toMatchObject({ body_bytes: 5 });
  });

  it('streams a 100 MB download to a slow reader, memory bounded, bytes intact', async () => {
    const expected = (await rawRequest(upstream.url, { path: `/download-sha256?bytes=${SIZE}` })).body.sha256;
    const { result, growth } = await withRssPeak(portico, () => download(portico.proxyUrl, `/stream/download?bytes=${SIZE}`, 10 * MB, 400));
    expect(result).toEqual({ status: 200, bytes: SIZE, sha256: expected });
    expect(growth).toBeLessThan(RSS_BUDGET);
  });

  it('stops reading from the upstream when the client goes away mid-download', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    // An upstream with an endless body.
    const endless = createServer((socket: Socket) => {
      socket.once('close', upstreamClosed);
      socket.on('error', () => undefined); // the gateway resetting it is what this test wants
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = Buffer.alloc(64 * 1024, 1);
        const pump = () => {
          while (!socket.destroyed && socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`, 'latin1'));
        };
        socket.on('drain', pump);
        pump();
      });
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    try {
      const port = (endless.address() as AddressInfo).port;
      await portico.admin('POST', '/services', { name: 'endless', url: `http://127.0.0.1:${port}` });
      await portico.admin('POST', '/services/endless/routes', { paths: ['/endless'] });
      const url = new URL(portico.proxyUrl);
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path: '/endless', agent: false }, (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > 2 * MB) {
              req.destroy();
              resolve();
            }
          });
        });
        req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
        req.end();
      });
      await Promise.race([closed, sleep(3000).then(() => Promise.reject(new Error('the upstream connection stayed open')))]);
    } finally {
      endless.close();
    }
  });
});

describe('proxy: graceful shutdown', () => {
  it('SIGTERM lets an in-flight request finish, refuses new connections, and exits 0', async () => {
    const upstream = await EchoUpstream.start();
    const portico = await Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } });
    try {
      await portico.admin('POST', '/services', { name: 'echo', url: upstream.url });
      await portico.admin('POST', '/services/echo/routes', { paths: ['/drain'] });
      // An idle keep-alive connection (fetch keeps one) must not hold the shutdown open.
      expect((await fetch(`${portico.proxyUrl}/drain/warm`).then((r) => r.text())).length).toBeGreaterThan(0);
      // A POST: a cut connection cannot hide behind a retry.
      const inFlight = rawRequest(portico.proxyUrl, { method: 'POST', path: '/drain/slow?ms=1000', body: 'in flight' });
      await sleep(250);
      const signalled = Date.now();
      const stopped = portico.stop();
      await sleep(150);
      await expect(rawRequest(portico.proxyUrl, { path: '/drain/late' })).rejects.toThrow(/ECONNREFUSED/);
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ slept_ms: 1000 });
      expect(await stopped).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(2500);
      expect(upstream.requests).toBe(2);
    } finally {
      await portico.stop();
      await upstream.stop();
    }
  });
});
