import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A real upstream for proxy tests: echoes what it received and streams large bodies both ways. */
export class EchoUpstream {
  /** Requests answered (or reset) since start. */
  requests = 0;
  readonly url: string;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(): Promise<EchoUpstream> {
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const upstream = new EchoUpstream(server, (server.address() as AddressInfo).port);
    server.on('request', (req, res) => {
      upstream.requests += 1;
      upstream.handle(req, res).catch((err) => res.destroy(err));
    });
    return upstream;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // The proxy under test keeps sockets alive; close() alone would wait for them.
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const bytes = Number(url.searchParams.get('bytes') ?? 0);
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);

    if (status) return json(res, Number(status[1]), { status: Number(status[1]) });
    switch (url.pathname) {
      case '/download':
        return download(res, bytes);
      case '/download-sha256':
        return json(res, 200, { bytes, sha256: downloadSha256(bytes) });
      case '/slow':
        await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms') ?? 0)));
        return json(res, 200, { slept_ms: Number(url.searchParams.get('ms') ?? 0) });
      case '/reset':
        req.socket.destroy();
        return;
      case '/headers-out':
        res.writeHead(200, {
          Connection: 'close, X-Hop',
          'X-Hop': '1',
          'Keep-Alive': 'timeout=5',
          'Proxy-Authenticate': 'Basic',
          'X-Kept': 'yes',
          'Content-Type': 'application/json',
        });
        res.end('{}');
        return;
      default:
        return echo(req, res);
    }
  }
}

async function echo(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Hash as the body streams in, so a multi-gigabyte upload costs no memory.
  const hash = createHash('sha256');
  let bodyBytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bodyBytes += chunk.length;
  }
  json(res, 200, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    body_bytes: bodyBytes,
    body_sha256: hash.digest('hex'),
  });
}

const CHUNK = Buffer.alloc(64 * 1024, 0);
for (let i = 0; i < CHUNK.length; i++) CHUNK[i] = i % 251; // a prime period, so offsets matter

function downloadSha256(bytes: number): string {
  const hash = createHash('sha256');
  for (let sent = 0; sent < bytes; sent += CHUNK.length) {
    hash.update(CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent)));
  }
  return hash.digest('hex');
}

async function download(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes });
  for (let sent = 0; sent < bytes && !res.destroyed; sent += CHUNK.length) {
    const ok = res.write(CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent)));
    // Respect backpressure: wait for the proxy to drain before producing more.
    if (!ok) await drainedOrClosed(res);
  }
  res.end();
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (status === 204 || status === 304) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
