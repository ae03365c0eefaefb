import { ConfigError, isLoopback, loadConfig, parseCidr, trustedIpList } from './portico-config';

/** Loads with the given variables and nothing else from the real environment. */
const load = (env: Record<string, string> = {}) => loadConfig(env);

/** The problems a configuration is refused with (fails the test when it is accepted). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`configuration was accepted: ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('matches the SPEC when nothing is set', () => {
    expect(load()).toEqual({
      listeners: {
        proxy: { host: '0.0.0.0', port: 8000 },
        admin: { host: '127.0.0.1', port: 8001 },
        portal: { host: '0.0.0.0', port: 8004 },
        status: { host: '127.0.0.1', port: 8100 },
      },
      database: { type: 'sqlite', path: './data/portico.sqlite' },
      databaseDisplay: 'sqlite:./data/portico.sqlite',
      adminToken: null,
      portalAppAuth: 'external-oauth2',
      portalAutoApprove: false,
      sessionSecret: null,
      logLevel: 'info',
      trustedIps: [],
      autoMigrate: true,
      portalRegistrationsPerMinute: 10,
      declarativeConfig: null,
      headersTimeoutMs: 60_000,
      portalProxyUrl: null,
      cluster: { updateFrequencyMs: 5000, poolSize: 10, timeoutMs: 3000 },
      accessLog: { type: 'stdout' },
      auditRetentionDays: 30,
      jwksRefetchIntervalMs: 10_000,
    });
  });

  it.each(['0', '-5', '1.5', 'soon'])('rejects PORTICO_HEADERS_TIMEOUT_MS=%p', (value) => {
    expect(() => load({ PORTICO_HEADERS_TIMEOUT_MS: value })).toThrow(/PORTICO_HEADERS_TIMEOUT_MS: expected a positive whole number/);
  });

  it('treats an empty variable as unset', () => {
    const config = load({
      PORTICO_PROXY_LISTEN: '',
      PORTICO_DATABASE_URL: '',
      PORTICO_ADMIN_TOKEN: '',
      PORTICO_LOG_LEVEL: '',
      PORTICO_PORTAL_APP_AUTH: '',
      PORTICO_PORTAL_AUTO_APPROVE: '',
      PORTICO_AUTO_MIGRATE: '',
      PORTICO_SESSION_SECRET: '',
      PORTICO_TRUSTED_IPS: '',
      PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: '',
      PORTICO_STATUS_LISTEN: '',
      PORTICO_ACCESS_LOG: '',
      PORTICO_AUDIT_RETENTION_DAYS: '',
    });
    expect(config).toEqual(load());
  });
});

describe('listeners', () => {
  it.each([
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:65535', { host: '0.0.0.0', port: 65535 }],
    ['localhost:8000', { host: 'localhost', port: 8000 }],
    ['[::1]:8000', { host: '::1', port: 8000 }],
    ['[::]:8000', { host: '::', port: 8000 }],
    [' 127.0.0.1:9000 ', { host: '127.0.0.1', port: 9000 }],
    ['off', null],
  ])('PORTICO_PROXY_LISTEN=%p', (value, expected) => {
    expect(load({ PORTICO_PROXY_LISTEN: value }).listeners.proxy).toEqual(expected);
  });

  it('turns each listener off on its own', () => {
    const { listeners } = load({ PORTICO_ADMIN_LISTEN: 'off', PORTICO_PORTAL_LISTEN: 'off', PORTICO_STATUS_LISTEN: 'off' });
    expect(listeners).toEqual({ proxy: { host: '0.0.0.0', port: 8000 }, admin: null, portal: null, status: null });
  });

  it.each(['8000', '127.0.0.1', '127.0.0.1:', ':8000', '127.0.0.1:65536', '127.0.0.1:80a', '::1:8000', 'OFF', 'host name:80'])(
    'refuses PORTICO_PORTAL_LISTEN=%p',
    (value) => {
      expect(problemsOf({ PORTICO_PORTAL_LISTEN: value })).toEqual([`PORTICO_PORTAL_LISTEN: expected "host:port" or "off", got "${value}"`]);
    },
  );
});

describe('admin listener without a token', () => {
  const refusal = (address: string) =>
    `PORTICO_ADMIN_LISTEN is ${address}, which is reachable from other machines; ` +
    'set PORTICO_ADMIN_TOKEN so the Admin API requires it, or listen on a loopback address (127.0.0.1)';

  it.each([
    ['0.0.0.0:8001', '0.0.0.0:8001'],
    ['[::]:8001', '[::]:8001'],
    ['10.1.2.3:8001', '10.1.2.3:8001'],
    ['admin.internal:8001', 'admin.internal:8001'],
  ])('refuses to start on %p and says why', (listen, shown) => {
    expect(problemsOf({ PORTICO_ADMIN_LISTEN: listen })).toEqual([refusal(shown)]);
  });

  it.each(['127.0.0.1:8001', '127.9.9.9:0', 'localhost:8001', '[::1]:8001'])('starts on loopback %p', (listen) => {
    expect(load({ PORTICO_ADMIN_LISTEN: listen }).adminToken).toBeNull();
  });

  it('starts on a public address once a token is set', () => {
    const config = load({ PORTICO_ADMIN_LISTEN: '0.0.0.0:8001', PORTICO_ADMIN_TOKEN: 'tok-123' });
    expect(config.adminToken).toBe('tok-123');
    expect(config.listeners.admin).toEqual({ host: '0.0.0.0', port: 8001 });
  });

  it('does not care when the admin listener is off', () => {
    expect(load({ PORTICO_ADMIN_LISTEN: 'off' }).listeners.admin).toBeNull();
  });

  it('refuses a token no client could send, without echoing it', () => {
    const problems = problemsOf({ PORTICO_ADMIN_TOKEN: 'two words' });
    expect(problems).toEqual(['PORTICO_ADMIN_TOKEN: must not contain spaces (it is sent as "Authorization: Bearer <token>")']);
    expect(problems.join()).not.toContain('two words');
  });
});

describe('PORTICO_DATABASE_URL', () => {
  it.each([
    ['sqlite:./data/x.sqlite', { type: 'sqlite', path: './data/x.sqlite' }, 'sqlite:./data/x.sqlite'],
    ['sqlite::memory:', { type: 'sqlite', path: ':memory:' }, 'sqlite::memory:'],
    ['sqlite:/var/lib/portico/db', { type: 'sqlite', path: '/var/lib/portico/db' }, 'sqlite:/var/lib/portico/db'],
    ['postgres://u:secret@db:5432/portico', { type: 'postgres', url: 'postgres://u:secret@db:5432/portico' }, 'postgres://u:***@db:5432/portico'],
    ['postgresql://u@db/portico', { type: 'postgres', url: 'postgresql://u@db/portico' }, 'postgresql://u@db/portico'],
  ])('accepts %p', (url, database, display) => {
    const config = load({ PORTICO_DATABASE_URL: url });
    expect(config.database).toEqual(database);
    expect(config.databaseDisplay).toBe(display);
  });

  it.each([
    ['sqlite:', 'sqlite:'],
    ['mysql://u:p@db/x', 'mysql://u:p@db/x'],
    ['./data/portico.sqlite', './data/portico.sqlite'],
    ['postgres://u:hunter2@[bad', 'postgres://u:***@[bad'],
  ])('refuses %p with the password masked', (url, shown) => {
    const problems = problemsOf({ PORTICO_DATABASE_URL: url });
    expect(problems).toEqual([
      `PORTICO_DATABASE_URL: expected "sqlite:PATH", "sqlite::memory:", "postgres://user:pass@host:port/db" or "off", got "${shown}"`,
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });
});

describe('portal settings', () => {
  it.each([
    ['https://api.example.com/', 'https://api.example.com'],
    ['http://localhost:8000', 'http://localhost:8000'],
    ['https://example.com/gateway', 'https://example.com/gateway'],
  ])('PORTICO_PORTAL_PROXY_URL %s is where the portal tells developers to call', (value, expected) => {
    expect(load({ PORTICO_PORTAL_PROXY_URL: value }).portalProxyUrl).toBe(expected);
  });

  it.each(['api.example.com', 'ftp://x', 'https://', 'https://a.example.com/?q=1'])('refuses PORTICO_PORTAL_PROXY_URL %s', (value) => {
    expect(problemsOf({ PORTICO_PORTAL_PROXY_URL: value })).toEqual([expect.stringMatching(/^PORTICO_PORTAL_PROXY_URL: expected an http\(s\) URL/)]);
  });

  it('refuses an unknown authorization strategy', () => {
    expect(problemsOf({ PORTICO_PORTAL_APP_AUTH: 'basic' })).toEqual([
      'PORTICO_PORTAL_APP_AUTH: expected "external-oauth2" or "gateway-oauth2", got "basic"',
    ]);
  });

  it('says gateway-oauth2 is not available yet', () => {
    expect(problemsOf({ PORTICO_PORTAL_APP_AUTH: 'gateway-oauth2' })).toEqual([
      'PORTICO_PORTAL_APP_AUTH: "gateway-oauth2" is not available yet; use "external-oauth2"',
    ]);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['No', false],
    ['off', false],
  ])('PORTICO_PORTAL_AUTO_APPROVE=%p', (value, expected) => {
    expect(load({ PORTICO_PORTAL_AUTO_APPROVE: value }).portalAutoApprove).toBe(expected);
  });

  it.each(['PORTICO_PORTAL_AUTO_APPROVE', 'PORTICO_AUTO_MIGRATE'])('%s refuses a non-boolean', (name) => {
    expect(problemsOf({ [name]: 'maybe' })).toEqual([`${name}: expected true or false, got "maybe"`]);
  });

  it('PORTICO_AUTO_MIGRATE=false turns migrations off', () => {
    expect(load({ PORTICO_AUTO_MIGRATE: 'false' }).autoMigrate).toBe(false);
  });

  it('keeps a session secret of 32 characters or more', () => {
    const secret = 's'.repeat(32);
    expect(load({ PORTICO_SESSION_SECRET: secret }).sessionSecret).toBe(secret);
  });

  it('refuses a short session secret without echoing it', () => {
    const problems = problemsOf({ PORTICO_SESSION_SECRET: 'short-secret-value' });
    expect(problems).toEqual(['PORTICO_SESSION_SECRET: must be at least 32 characters']);
    expect(problems.join()).not.toContain('short-secret-value');
  });
});

describe('PORTICO_LOG_LEVEL', () => {
  it.each(['debug', 'info', 'warn', 'error'])('accepts %p', (level) => {
    expect(load({ PORTICO_LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it.each(['trace', 'INFO', 'verbose'])('refuses %p', (level) => {
    expect(problemsOf({ PORTICO_LOG_LEVEL: level })).toEqual([`PORTICO_LOG_LEVEL: expected one of debug, info, warn, error, got "${level}"`]);
  });
});

describe('PORTICO_TRUSTED_IPS', () => {
  it('takes a comma-separated list of addresses and ranges, spaces allowed', () => {
    expect(load({ PORTICO_TRUSTED_IPS: '127.0.0.1, 10.0.0.0/8,::1 ,fd00::/8' }).trustedIps).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
  });

  it.each(['10.0.0.1/', '10.0.0.1/33', '10.0.0.1/-1', '10.0.0.1/8/9', '10.0.0.1/ 8', '10.0.0.1/0x8', '::1/129', '10.0.0', 'localhost', '*'])(
    'refuses %p',
    (entry) => {
      expect(problemsOf({ PORTICO_TRUSTED_IPS: `127.0.0.1,${entry}` })).toEqual([`PORTICO_TRUSTED_IPS: "${entry.trim()}" is not an IP address or CIDR range`]);
    },
  );

  it('builds a matcher that trusts exactly the listed peers', () => {
    const list = trustedIpList(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(list.check('127.0.0.1', 'ipv4')).toBe(true);
    expect(list.check('127.0.0.2', 'ipv4')).toBe(false);
    expect(list.check('10.255.0.1', 'ipv4')).toBe(true);
    expect(list.check('11.0.0.1', 'ipv4')).toBe(false);
    expect(list.check('fd12::1', 'ipv6')).toBe(true);
    expect(list.check('fe80::1', 'ipv6')).toBe(false);
  });
});

describe('all problems at once', () => {
  it('reports every mistake in one error, one line each', () => {
    let error: unknown;
    try {
      load({ PORTICO_PROXY_LISTEN: 'nope', PORTICO_LOG_LEVEL: 'loud', PORTICO_TRUSTED_IPS: 'x', PORTICO_AUTO_MIGRATE: 'sometimes' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(4);
    expect((error as Error).message).toBe(
      'invalid configuration:\n' +
        '  - PORTICO_PROXY_LISTEN: expected "host:port" or "off", got "nope"\n' +
        '  - PORTICO_AUTO_MIGRATE: expected true or false, got "sometimes"\n' +
        '  - PORTICO_LOG_LEVEL: expected one of debug, info, warn, error, got "loud"\n' +
        '  - PORTICO_TRUSTED_IPS: "x" is not an IP address or CIDR range',
    );
  });
});

describe('PostgreSQL and several nodes', () => {
  it('reads the update frequency, pool size and timeout', () => {
    expect(load({ PORTICO_DB_UPDATE_FREQUENCY: '0.5', PORTICO_DATABASE_POOL_SIZE: '4', PORTICO_DATABASE_TIMEOUT: '2' }).cluster).toEqual({
      updateFrequencyMs: 500,
      poolSize: 4,
      timeoutMs: 2000,
    });
  });

  it.each([
    ['PORTICO_DB_UPDATE_FREQUENCY', '0', 'expected a number of seconds between 0 and 3600, got "0"'],
    ['PORTICO_DB_UPDATE_FREQUENCY', 'soon', 'expected a number of seconds between 0 and 3600, got "soon"'],
    ['PORTICO_DATABASE_TIMEOUT', '-1', 'expected a number of seconds between 0 and 3600, got "-1"'],
    ['PORTICO_DATABASE_POOL_SIZE', '0', 'expected a whole number from 1 to 9999, got "0"'],
    ['PORTICO_DATABASE_POOL_SIZE', '2.5', 'expected a whole number from 1 to 9999, got "2.5"'],
  ])('refuses %s=%p', (name, value, problem) => {
    expect(problemsOf({ [name]: value })).toEqual([`${name}: ${problem}`]);
  });
});

describe('helpers', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['localhost', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['128.0.0.1', false],
    ['127.0.0.1.example.com', false],
  ])('isLoopback(%p) is %p', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', { address: '10.0.0.0', prefix: 8, family: 'ipv4' }],
    ['10.0.0.1', { address: '10.0.0.1', prefix: 32, family: 'ipv4' }],
    ['0.0.0.0/0', { address: '0.0.0.0', prefix: 0, family: 'ipv4' }],
    ['::1', { address: '::1', prefix: 128, family: 'ipv6' }],
    ['fd00::/8', { address: 'fd00::', prefix: 8, family: 'ipv6' }],
  ])('parseCidr(%p)', (entry, expected) => {
    expect(parseCidr(entry)).toEqual(expected);
  });
});

describe('PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE', () => {
  it.each([
    ['0', 0],
    ['25', 25],
    [' 3 ', 3],
  ])('accepts %p', (value, expected) => {
    expect(load({ PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: value }).portalRegistrationsPerMinute).toBe(expected);
  });

  it.each(['-1', '1.5', 'ten', '9999999999'])('refuses %p', (value) => {
    expect(problemsOf({ PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: value })).toEqual([
      `PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: expected a whole number (0 or more), got "${value}"`,
    ]);
  });
});

describe('DB-less (PORTICO_DATABASE_URL=off)', () => {
  it('serves the declarative file from an in-memory database', () => {
    const config = load({ PORTICO_DATABASE_URL: 'off', PORTICO_DECLARATIVE_CONFIG: '/etc/portico/kong.yaml' });
    expect(config).toMatchObject({ database: { type: 'sqlite', path: ':memory:' }, databaseDisplay: 'off', declarativeConfig: '/etc/portico/kong.yaml' });
  });

  it.each([
    [{ PORTICO_DATABASE_URL: 'off' }, 'PORTICO_DATABASE_URL=off needs PORTICO_DECLARATIVE_CONFIG (the file to serve)'],
    [{ PORTICO_DECLARATIVE_CONFIG: 'kong.yaml' }, 'PORTICO_DECLARATIVE_CONFIG is read only with PORTICO_DATABASE_URL=off'],
  ])('refuses %j', (env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });
});

describe('operating settings', () => {
  it.each([
    ['off', { type: 'off' }],
    ['stdout', { type: 'stdout' }],
    ['/var/log/portico/access.log', { type: 'file', path: '/var/log/portico/access.log' }],
  ])('PORTICO_ACCESS_LOG=%p', (value, expected) => {
    expect(load({ PORTICO_ACCESS_LOG: value }).accessLog).toEqual(expected);
  });

  it.each(['0', '-1', 'ten', '1.5'])('refuses PORTICO_AUDIT_RETENTION_DAYS=%p', (value) => {
    expect(problemsOf({ PORTICO_AUDIT_RETENTION_DAYS: value })).toEqual([
      `PORTICO_AUDIT_RETENTION_DAYS: expected a whole number of days (1 or more), got "${value}"`,
    ]);
  });

  it('reads the retention in days', () => {
    expect(load({ PORTICO_AUDIT_RETENTION_DAYS: '7' }).auditRetentionDays).toBe(7);
  });
});
