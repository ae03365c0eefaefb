import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectJson } from '../support/kong-expect';
import { runCli } from '../support/cli';
import { Portico, testDatabaseUrl } from '../support/portico';
import { testDatabaseKind } from '../support/postgres';

const LOCAL_LISTENERS = {
  PORTICO_PROXY_LISTEN: '127.0.0.1:0',
  PORTICO_ADMIN_LISTEN: '127.0.0.1:0',
  PORTICO_PORTAL_LISTEN: '127.0.0.1:0',
  PORTICO_DATABASE_URL: 'sqlite::memory:',
};

describe('start-up configuration', () => {
  it('refuses a non-loopback admin listener without a token, saying why, before listening', async () => {
    const result = await runCli(['start'], { ...LOCAL_LISTENERS, PORTICO_ADMIN_LISTEN: '0.0.0.0:0' });
    expect(result.code).toBe(78);
    expect(result.stderr).toBe(
      'portico: invalid configuration:\n' +
        '  - PORTICO_ADMIN_LISTEN is 0.0.0.0:0, which is reachable from other machines; set PORTICO_ADMIN_TOKEN so the Admin API requires it, ' +
        'or listen on a loopback address (127.0.0.1)\n',
    );
    expect(result.stdout).not.toContain('listening');
  });

  it('lists every configuration problem at once and never echoes a secret', async () => {
    const result = await runCli(['start'], {
      ...LOCAL_LISTENERS,
      PORTICO_PROXY_LISTEN: 'nowhere',
      PORTICO_LOG_LEVEL: 'chatty',
      PORTICO_TRUSTED_IPS: '10.0.0.1/',
      PORTICO_SESSION_SECRET: 'too-short-secret',
      PORTICO_DATABASE_URL: 'mysql://root:hunter2@db/portico',
    });
    expect(result.code).toBe(78);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
      '  - PORTICO_PROXY_LISTEN: expected "host:port" or "off", got "nowhere"',
      '  - PORTICO_DATABASE_URL: expected "sqlite:PATH", "sqlite::memory:", "postgres://user:pass@host:port/db" or "off", got "mysql://root:hunter2@db/portico"',
      '  - PORTICO_SESSION_SECRET: must be at least 32 characters',
      '  - PORTICO_LOG_LEVEL: expected one of debug, info, warn, error, got "chatty"',
      '  - PORTICO_TRUSTED_IPS: "10.0.0.1/" is not an IP address or CIDR range',
    ]);
    expect(result.stderr).not.toContain('too-short-secret');
  });

  it('masks the password of a refused postgres URL', async () => {
    const result = await runCli(['start'], { ...LOCAL_LISTENERS, PORTICO_DATABASE_URL: 'postgres://u:hunter2@[bad/db' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('got "postgres://u:***@[bad/db"');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('prints the usage for an unknown command', async () => {
    const result = await runCli(['frobnicate'], LOCAL_LISTENERS);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: portico start');
  });

  it('starts a public admin listener once a token is set, and prints one line per listener', async () => {
    const portico = await Portico.start({ env: { PORTICO_ADMIN_LISTEN: '0.0.0.0:0', PORTICO_ADMIN_TOKEN: 'tok', PORTICO_PORTAL_LISTEN: 'off' } });
    try {
      expect(portico.adminUrl).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      expect(portico.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(portico.logs).not.toMatch(/portico: portal listening/);
      // proxy, admin and the status listener (issue 11), which the harness opens on a loopback port.
      expect(portico.logs.match(/^portico: \w+ listening on http:\/\/\S+$/gm)).toHaveLength(3);
      expect(portico.logs).toMatch(/^portico: status listening on http:\/\/127\.0\.0\.1:\d+$/m);
      expectJson(await portico.admin('GET', '/status'), 401, { message: 'Unauthorized' });
    } finally {
      expect(await portico.stop()).toBe(0);
    }
  });
});

describe('database file and migrations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates with `portico migrations up|status` and keeps data in the database across restarts', async () => {
    const env = { ...LOCAL_LISTENERS, PORTICO_DATABASE_URL: await testDatabaseUrl(`sqlite:${join(dir, 'nested', 'portico.sqlite')}`) };
    const pending = await runCli(['migrations', 'status'], env);
    expect(pending.code).toBe(0);
    expect(pending.stdout).toMatch(/^pending +\w+/m);
    expect(pending.stdout).not.toMatch(/^executed/m);

    const up = await runCli(['migrations', 'up'], env);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^applied \w+/m);
    if (testDatabaseKind() === 'sqlite') expect(existsSync(join(dir, 'nested', 'portico.sqlite'))).toBe(true);
    const done = await runCli(['migrations', 'status'], env);
    expect(done.stdout).not.toMatch(/^pending/m);
    expect((await runCli(['migrations', 'up'], env)).stdout).toBe('database is up to date\n');

    const first = await Portico.start({ env: { ...env, PORTICO_AUTO_MIGRATE: 'false' } });
    expectJson(await first.admin('POST', '/services', { name: 'kept', host: 'x' }), 201);
    expect(await first.stop()).toBe(0);
    const second = await Portico.start({ env });
    try {
      expectJson(await second.admin('GET', '/services/kept'), 200);
    } finally {
      await second.stop();
    }
  });
});
