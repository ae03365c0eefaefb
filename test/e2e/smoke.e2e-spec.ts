import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';

describe('gateway smoke', () => {
  let portico: Portico;
  let upstream: EchoUpstream;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    portico = await Portico.start();
  });
  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  it('proxies a route created through the Admin API on the very next request', async () => {
    const service = await portico.admin('POST', '/services', { name: 'echo', url: upstream.url });
    expect(service.status).toBe(201);
    expect((await portico.proxy('GET', '/smoke')).status).toBe(404);
    const route = await portico.admin('POST', '/services/echo/routes', { paths: ['/smoke'] });
    expect(route.status).toBe(201);
    const res = await portico.proxy('GET', '/smoke/hello?x=1');
    expect(res.status).toBe(200);
    expect(res.body.url).toBe('/hello?x=1');
  });

  it('exits 0 on SIGTERM', async () => {
    const other = await Portico.start();
    expect(await other.stop()).toBe(0);
  });
});
