import { Portico } from '../support/portico';
import { parseHead, rawExchange } from '../support/raw-http';
import { RawUpstream } from '../support/raw-upstream';

const FINAL = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const ANSWERS: Record<string, string> = {
  '/hints': `HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\nLink: </app.js>; rel=preload; as=script\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n${FINAL}`,
  '/bad-link': `HTTP/1.1 103 Early Hints\r\nLink: not a link\r\n\r\n${FINAL}`,
  '/continue': `HTTP/1.1 100 Continue\r\n\r\n${FINAL}`,
};

/** Interim (1xx) answers an upstream sends before its final one (SPEC §5: what the upstream answers is relayed). */
describe('proxy: interim answers from the upstream', () => {
  let upstream: RawUpstream;
  let portico: Portico;

  beforeAll(async () => {
    [upstream, portico] = await Promise.all([
      RawUpstream.start((socket, _attempt, request) => {
        const answer = ANSWERS[request.split(' ')[1].replace(/^\/raw/, '')];
        if (answer) socket.end(answer);
        else socket.destroy();
      }),
      Portico.start(),
    ]);
    expect((await portico.admin('POST', '/services', { name: 'raw', url: upstream.url, retries: 0 })).status).toBe(201);
    expect((await portico.admin('POST', '/services/raw/routes', { paths: ['/raw'], strip_path: false })).status).toBe(201);
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  const get = (path: string, version = '1.1') => rawExchange(portico.proxyUrl, `GET /raw${path} HTTP/${version}\r\nHost: gw\r\nConnection: close\r\n\r\n`);

  it('passes 103 Early Hints on with every Link, and 102 Processing, before the final answer', async () => {
    const { text } = await get('/hints');
    expect(text.startsWith('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style, </app.js>; rel=preload; as=script\r\n\r\nHTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\n')).toBe(true);
    expect(text.endsWith('\r\n\r\nok')).toBe(true);
  });

  it('sends no interim answer to an HTTP/1.0 client, which does not know them', async () => {
    const { text } = await get('/hints', '1.0');
    expect(parseHead(text)).toMatchObject({ status: 200, body: 'ok' });
  });

  it('drops hints whose Link Node will not write, and an upstream 100 Continue nobody asked for, and still relays the answer', async () => {
    for (const path of ['/bad-link', '/continue']) {
      const { text } = await get(path);
      expect(parseHead(text)).toMatchObject({ status: 200, body: 'ok' });
    }
  });
});
