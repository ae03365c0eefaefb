import { EchoUpstream } from '../support/echo-upstream';
import { Portico } from '../support/portico';

/**
 * The access log's default target, stdout (SPEC §9), as a container runtime reads it: lines are
 * written in batches, so this checks that a line is whole JSON, appears exactly once, and that the
 * lines still pending when the gateway is told to stop are written before it exits.
 */
describe('access log on stdout (the default)', () => {
  let upstream: EchoUpstream;
  let portico: Portico;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    portico = await Portico.start();
    expect((await portico.admin('POST', '/services', { name: 'plain', url: upstream.url })).status).toBe(201);
    expect((await portico.admin('POST', '/services/plain/routes', { name: 'plain-route', paths: ['/plain'] })).status).toBe(201);
  });

  afterAll(async () => {
    await portico?.stop();
    await upstream?.stop();
  });

  it('writes one whole JSON line per request, and the pending ones at shutdown', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await portico.proxy('GET', `/plain/stdout-${i}?access_token=SECRET-stdout`);
      expect(res.status).toBe(200);
      ids.push(res.headers.get('x-portico-request-id')!);
    }
    // At once: the lines are still in the batch (written every 64 requests or quarter second).
    expect(await portico.stop()).toBe(0);

    const lines = portico.logs
      .split('\n')
      .filter((line) => line.includes('"latencies"'))
      .map((line) => JSON.parse(line) as { request_id: string; path: string; status: number; route: string });
    for (const [i, id] of ids.entries()) {
      expect(lines.filter((line) => line.request_id === id)).toEqual([
        expect.objectContaining({ request_id: id, path: `/plain/stdout-${i}?access_token=[redacted]`, status: 200, route: 'plain-route' }),
      ]);
    }
    expect(portico.logs).not.toContain('SECRET-stdout');
  });
});
