import { createServer, IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { basicAuth, TestIdp } from '../support/idp/test-idp';
import { JSON_UTF8 } from '../support/kong-expect';
import { Portico } from '../support/portico';
import type { EchoUpstream } from '../support/echo-upstream';
import { parseHead, rawExchange } from '../support/raw-http';
import { RawUpstream } from '../support/raw-upstream';
import { selfSignedLoopbackCertificate, TestCertificate } from '../support/tls-cert';
import { approvedDeveloper, CANNOT_CONSUME, registeredService } from './applications.fixtures';

/** A real WebSocket upstream: echoes every message and remembers each upgrade request it accepted. */
class WsUpstream {
  readonly upgrades: { url: string; headers: IncomingHttpHeaders }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly server: Server;

  private constructor(private readonly tls?: TestCertificate) {
    const plain = (_req: IncomingMessage, res: import('node:http').ServerResponse) => res.writeHead(426, { 'content-type': 'text/plain' }).end('websocket only');
    this.server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, plain) : createServer(plain);
    this.server.on('upgrade', (req: IncomingMessage, socket, head) => {
      if (req.url?.startsWith('/refuse')) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nrefused');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.upgrades.push({ url: req.url ?? '', headers: req.headers });
        ws.on('message', (data, binary) => ws.send(binary ? data : `echo: ${data.toString()}`, { binary }));
      });
    });
  }

  /** With a certificate: a wss upstream. */
  static async start(tls?: TestCertificate): Promise<WsUpstream> {
    const upstream = new WsUpstream(tls);
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    return upstream;
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.wss.clients.forEach((client) => client.terminate());
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

type Opened = { ws: WebSocket; protocol: string };
type Refused = { status: number; headers: IncomingHttpHeaders; body: string };

/** Connects with the `ws` client; resolves with the open socket, or with the HTTP answer that refused the upgrade. */
function connect(url: string, headers: Record<string, string> = {}, protocols: string[] = []): Promise<Opened | Refused> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve({ ws, protocol: ws.protocol }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.once('error', reject);
  });
}

const roundTrip = (ws: WebSocket, message: string) =>
  new Promise<string>((resolve) => {
    ws.once('message', (data) => resolve(data.toString()));
    ws.send(message);
  });

describe('proxy: WebSocket upgrades', () => {
  let idp: TestIdp;
  let upstream: WsUpstream;
  let portico: Portico;
  const wsUrl = (path: string) => portico.proxyUrl.replace(/^http/, 'ws') + path;
  const member = { authorization: basicAuth('member', 'member-secret') };
  const stranger = { authorization: basicAuth('stranger', 'stranger-secret') };

  async function route(name: string, plugins: { name: string; config: Record<string, unknown> }[] = []) {
    expect((await portico.admin('POST', '/services', { name, url: upstream.url, read_timeout: 2_000 })).status).toBe(201);
    expect((await portico.admin('POST', `/services/${name}/routes`, { paths: [`/${name}`] })).status).toBe(201);
    for (const plugin of plugins) expect((await portico.admin('POST', `/services/${name}/plugins`, plugin)).status).toBe(201);
  }

  beforeAll(async () => {
    [idp, upstream, portico] = await Promise.all([
      TestIdp.start({
        clients: ['member', 'stranger', 'app-ws'].map((client_id) => ({ client_id, client_secret: `${client_id}-secret` })),
      }),
      WsUpstream.start(),
      Portico.start(),
    ]);
    const consumer = await portico.admin('POST', '/consumers', { username: 'member-app', custom_id: 'member' });
    await portico.admin('POST', `/consumers/${consumer.body.id}/acls`, { group: 'gold' });
    await portico.admin('POST', '/consumers', { custom_id: 'stranger' });
    await route('open');
    await route('guarded', [
      { name: 'openid-connect', config: { issuer: idp.issuer } },
      { name: 'acl', config: { allow: ['gold'] } },
    ]);
  });
  afterAll(async () => {
    await Promise.all([portico?.stop(), idp?.stop(), upstream?.stop()]);
  });

  it('tunnels an upgrade on an open route to the upstream, both ways, keeping the subprotocol', async () => {
    const opened = (await connect(wsUrl('/open/chat?room=1'), {}, ['chat.v1'])) as Opened;
    expect(opened.protocol).toBe('chat.v1');
    expect(await roundTrip(opened.ws, 'hello')).toBe('echo: hello');
    expect(await roundTrip(opened.ws, 'again')).toBe('echo: again');
    opened.ws.close();
    expect(upstream.upgrades.at(-1)?.url).toBe('/chat?room=1');
    expect(upstream.upgrades.at(-1)?.headers['x-forwarded-path']).toBe('/open/chat');
  });

  it('authenticates and access-checks the upgrade like any request, with identity headers upstream and spoofed ones stripped', async () => {
    const opened = (await connect(wsUrl('/guarded/feed'), { ...member, 'x-consumer-username': 'admin', 'x-consumer-groups': 'root' })) as Opened;
    expect(await roundTrip(opened.ws, 'hi')).toBe('echo: hi');
    opened.ws.close();
    const seen = upstream.upgrades.at(-1)!.headers;
    expect(seen['x-consumer-username']).toBe('member-app');
    expect(seen['x-consumer-groups']).toBe('gold');
    expect(seen['x-consumer-custom-id']).toBe('member');
  });

  it('checks application-registration on upgrades: pending is refused, approved is tunnelled', async () => {
    const service = await registeredService(portico, upstream as unknown as EchoUpstream, 'registered');
    expect((await portico.admin('POST', '/services/registered/plugins', { name: 'openid-connect', config: { issuer: idp.issuer } })).status).toBe(201);
    const dev = await approvedDeveloper(portico);
    const app = await dev.createApplication({ name: 'ws-app', custom_id: 'app-ws' });
    await dev.requestAccess(app.id, service.id);
    const appAuth = { authorization: basicAuth('app-ws', 'app-ws-secret') };

    const refused = (await connect(wsUrl('/registered/live'), appAuth)) as Refused;
    expect({ status: refused.status, body: JSON.parse(refused.body) }).toEqual({ status: 403, body: CANNOT_CONSUME });

    expect((await portico.admin('PATCH', `/applications/${app.id}/application_instances/${service.id}`, { status: 'approved' })).status).toBe(200);
    const opened = (await connect(wsUrl('/registered/live'), appAuth)) as Opened;
    expect(await roundTrip(opened.ws, 'ping')).toBe('echo: ping');
    opened.ws.close();
    expect(upstream.upgrades.at(-1)?.headers['x-application-id']).toBe(app.id);
  });

  it.each([
    ['no credential', {}, 401, { message: 'Unauthorized' }],
    ['a wrong secret', { authorization: basicAuth('member', 'wrong') }, 401, { message: 'Unauthorized' }],
    ['a consumer the acl refuses', stranger, 403, { message: 'You cannot consume this service' }],
  ])('refuses an upgrade with %s, without tunnelling', async (_name, headers, status, body) => {
    const before = upstream.upgrades.length;
    const refused = (await connect(wsUrl('/guarded/feed'), headers as Record<string, string>)) as Refused;
    expect(refused.status).toBe(status);
    expect(refused.headers['content-type']).toBe(JSON_UTF8);
    expect(JSON.parse(refused.body)).toEqual(body);
    expect(upstream.upgrades.length).toBe(before);
  });

  it('closes the connection after a refused upgrade', async () => {
    const exchange = await rawExchange(
      portico.proxyUrl,
      'GET /guarded/feed HTTP/1.1\r\nHost: gw\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      { waitMs: 3_000 },
    );
    expect(parseHead(exchange.text)?.status).toBe(401);
    expect(exchange.ended).toBe('closed');
  });

  it("relays the upstream's own refusal of the upgrade", async () => {
    const refused = (await connect(wsUrl('/open/refuse'))) as Refused;
    expect(refused.status).toBe(403);
    expect(refused.body).toBe('refused');
  });

  it('answers 502 in Portico\'s shape when the upstream cannot be reached or switches to another protocol', async () => {
    const rogue = await RawUpstream.start((socket) => socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n'));
    try {
      const down = await RawUpstream.start((socket) => socket.destroy());
      const downUrl = down.url;
      await down.stop();
      for (const [name, url] of [['down', downUrl], ['rogue', rogue.url]]) {
        expect((await portico.admin('POST', '/services', { name, url, retries: 0 })).status).toBe(201);
        expect((await portico.admin('POST', `/services/${name}/routes`, { paths: [`/${name}`] })).status).toBe(201);
        const refused = (await connect(wsUrl(`/${name}/x`))) as Refused;
        expect({ status: refused.status, type: refused.headers['content-type'], body: JSON.parse(refused.body) }).toEqual({
          status: 502,
          type: JSON_UTF8,
          body: { message: 'An invalid response was received from the upstream server' },
        });
      }
    } finally {
      await rogue.stop();
    }
  });

  it('answers 404 for an upgrade no route matches', async () => {
    const refused = (await connect(wsUrl('/nowhere'))) as Refused;
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.body)).toEqual({ message: 'no Route matched with those values' });
  });

  it('closes a tunnel idle for longer than read_timeout', async () => {
    const opened = (await connect(wsUrl('/open/idle'))) as Opened;
    const closed = await new Promise<number>((resolve) => opened.ws.once('close', (code) => resolve(code)));
    expect(closed).toBe(1006);
  });

  it('closes open tunnels on shutdown rather than holding the drain open', async () => {
    const own = await Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } });
    try {
      expect((await own.admin('POST', '/services', { name: 'live', url: upstream.url })).status).toBe(201);
      expect((await own.admin('POST', '/services/live/routes', { paths: ['/live'] })).status).toBe(201);
      const opened = (await connect(`${own.proxyUrl.replace(/^http/, 'ws')}/live/feed`)) as Opened;
      const closed = new Promise((resolve) => opened.ws.once('close', resolve));
      expect(await own.stop()).toBe(0);
      await closed;
      expect(own.logs).not.toContain('did not finish in time');
    } finally {
      await own.stop();
    }
  });

  it('serves an upgrade to another protocol (h2c) as plain HTTP/1.1', async () => {
    const exchange = await rawExchange(
      portico.proxyUrl,
      'GET /open/plain HTTP/1.1\r\nHost: gw\r\nConnection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n',
      { waitMs: 3_000 },
    );
    const head = parseHead(exchange.text);
    // The upstream's own answer to a plain request.
    expect(head?.statusLine).toBe('HTTP/1.1 426 Upgrade Required');
    expect(head?.body).toContain('websocket only');
  });
});

describe('proxy: WebSocket upgrades to an https service', () => {
  it('tunnels over TLS to the upstream (wss), verifying its certificate', async () => {
    const certificate = selfSignedLoopbackCertificate();
    const upstream = await WsUpstream.start(certificate);
    const trusting = await Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off', NODE_EXTRA_CA_CERTS: certificate.certFile } });
    const untrusting = await Portico.start({ env: { PORTICO_PORTAL_LISTEN: 'off' } });
    try {
      for (const portico of [trusting, untrusting]) {
        expect((await portico.admin('POST', '/services', { name: 'tls', url: upstream.url, retries: 0 })).status).toBe(201);
        expect((await portico.admin('POST', '/services/tls/routes', { paths: ['/tls'] })).status).toBe(201);
      }
      const opened = (await connect(`${trusting.proxyUrl.replace(/^http/, 'ws')}/tls/secure`)) as Opened;
      expect(await roundTrip(opened.ws, 'over tls')).toBe('echo: over tls');
      opened.ws.close();
      expect(upstream.upgrades.at(-1)?.url).toBe('/secure');
      // A certificate Portico does not trust is a failed upstream, not a tunnel.
      expect(((await connect(`${untrusting.proxyUrl.replace(/^http/, 'ws')}/tls/secure`)) as Refused).status).toBe(502);
    } finally {
      await Promise.all([trusting.stop(), untrusting.stop()]);
      await upstream.stop();
    }
  });
});
