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

describe('logs when stdout is gone', () => {
  it('a log line written to a closed stdout is dropped, and the process carries on', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const logger = join(__dirname, '..', '..', 'dist', 'src', 'common', 'logger.js');
    // The child waits until its stdout's reader is gone, then logs: the write gets EPIPE.
    const script = `
      const { logger } = require(${JSON.stringify(logger)});
      setTimeout(() => {
        for (let i = 0; i < 3; i++) logger().error({ i }, 'nobody reads this');
        process.stderr.write('still running');
      }, 300);
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: 'still running' });
  });
});
