import { createHash } from 'node:crypto';
import { request } from 'node:http';

import { EchoUpstream } from './echo-upstream';

describe('EchoUpstream', () => {
  let upstream: EchoUpstream;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
  });

  afterAll(() => upstream?.stop());

  it('echoes method, url, headers and a hash of the body', async () => {
    const body = 'hello upstream';
    const res = await fetch(`${upstream.url}/echo?x=1`, { method: 'PUT', body, headers: { 'X-Test': 'yes' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      method: 'PUT',
      url: '/echo?x=1',
      headers: { 'x-test': 'yes' },
      body_bytes: body.length,
      body_sha256: createHash('sha256').update(body).digest('hex'),
    });
  });

  it('treats unknown paths as /echo', async () => {
    expect(await (await fetch(`${upstream.url}/any/thing`)).json()).toMatchObject({ method: 'GET', url: '/any/thing', body_bytes: 0 });
  });

  it('streams a download whose hash /download-sha256 reports', async () => {
    const bytes = 1_000_003;
    const res = await fetch(`${upstream.url}/download?bytes=${bytes}`);
    expect(res.headers.get('content-length')).toBe(String(bytes));
    const data = Buffer.from(await res.arrayBuffer());
    const { sha256 } = (await (await fetch(`${upstream.url}/download-sha256?bytes=${bytes}`)).json()) as { sha256: string };
    expect(data.length).toBe(bytes);
    expect(createHash('sha256').update(data).digest('hex')).toBe(sha256);
  });

  it('answers /status/CODE and /slow', async () => {
    const res = await fetch(`${upstream.url}/status/418`);
    expect([res.status, await res.json()]).toEqual([418, { status: 418 }]);

    const started = Date.now();
    expect((await fetch(`${upstream.url}/slow?ms=200`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('resets the connection on /reset', async () => {
    await expect(fetch(`${upstream.url}/reset`)).rejects.toThrow();
  });

  it('sends hop-by-hop headers from /headers-out', async () => {
    // node:http rather than fetch, which would hide the raw Connection/Keep-Alive headers.
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(`${upstream.url}/headers-out`, (res) => {
        res.resume();
        resolve(res.headers);
      })
        .on('error', reject)
        .end();
    });
    expect(headers).toMatchObject({
      connection: 'close, X-Hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'proxy-authenticate': 'Basic',
      'x-kept': 'yes',
    });
  });

  it('counts requests', async () => {
    const before = upstream.requests;
    await fetch(`${upstream.url}/echo`);
    expect(upstream.requests).toBe(before + 1);
  });
});
