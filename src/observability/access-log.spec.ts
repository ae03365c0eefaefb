import { AccessLogEntry, accessLogLine, accessLogLines, Batch, isoTimeNow, loggablePath } from './access-log';

const entry = (overrides: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  time: '2026-11-29T16:00:00.000Z',
  request_id: 'b1f0a6a0-3f0e-4c55-9d63-6a1f1f1f1f1f',
  client: '10.0.0.1',
  method: 'GET',
  path: '/plain/bench?x=1',
  status: 200,
  latencies: { total_ms: 1.25, upstream_ms: 0.5, portico_ms: 0.75 },
  service: 'svc',
  route: 'route',
  consumer: 'alice',
  application: 'app-1',
  denial_reason: null,
  ...overrides,
});

describe('accessLogLine', () => {
  // Strings a client or an operator can put into a line: quotes, backslashes, controls, separators,
  // non-ASCII, emoji (a surrogate pair) and lone surrogates, which JSON.stringify writes as \uXXXX.
  const awkward = ['', 'plain', 'a"b', 'back\\slash', 'tab\tnew\nline\r', '\u0000\u001f\u007f', '\u2028\u2029', 'é ü ß 中文', '😀', '\ud800', 'x\udc00y', '</script>'];

  it('is exactly what JSON.stringify gives, newline-terminated, for every awkward string in every string field', () => {
    const fields = ['time', 'request_id', 'client', 'method', 'path', 'service', 'route', 'consumer', 'application', 'denial_reason'] as const;
    for (const field of fields) {
      for (const value of awkward) {
        const e = entry({ [field]: value });
        expect(accessLogLine(e)).toBe(`${JSON.stringify(e)}\n`);
      }
    }
  });

  it('writes nulls and numbers as JSON.stringify does, non-finite numbers included', () => {
    const cases: AccessLogEntry[] = [
      entry({ service: null, route: null, consumer: null, application: null, denial_reason: 'no_route', status: 404 }),
      entry({ latencies: { total_ms: 0, upstream_ms: null, portico_ms: 0 } }),
      entry({ latencies: { total_ms: 1e21, upstream_ms: -0, portico_ms: 0.1 + 0.2 } }),
      entry({ latencies: { total_ms: NaN, upstream_ms: Infinity, portico_ms: -Infinity } }),
    ];
    for (const e of cases) expect(accessLogLine(e)).toBe(`${JSON.stringify(e)}\n`);
  });

  it('lines of a batch follow each other, one per entry', () => {
    const entries = [entry(), entry({ status: 401, denial_reason: 'no_credentials' })];
    expect(accessLogLines(entries)).toBe(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(accessLogLines([])).toBe('');
  });

  it('parses back to the entry', () => {
    const e = entry({ path: '/a?q="x"&access_token=[redacted]' });
    expect(JSON.parse(accessLogLine(e))).toEqual(e);
  });
});

describe('loggablePath', () => {
  it.each([
    ['/a', '', '/a'],
    ['/a', '?', '/a'],
    ['/a', '?x=1&y=2', '/a?x=1&y=2'],
    ['/a', '?access_token=abc&x=1', '/a?access_token=[redacted]&x=1'],
    ['/a', '?client_id=app&client_secret=s3cr3t', '/a?client_id=[redacted]&client_secret=[redacted]'],
    ['/a', '?ACCESS_TOKEN=abc', '/a?ACCESS_TOKEN=[redacted]'],
    ['/a', '?access%5Ftoken=abc', '/a?access%5Ftoken=[redacted]'],
    ['/a', '?password=p&flag', '/a?password=[redacted]&flag'],
    ['/a', '?%E0%A4%A=1&token=t', '/a?%E0%A4%A=1&token=[redacted]'],
  ])('%s%s → %s', (path, query, expected) => {
    expect(loggablePath(path, query)).toBe(expected);
  });
});

describe('Batch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands items on together once there are enough of them', () => {
    const batches: string[][] = [];
    const batch = new Batch<string>((items) => batches.push(items), 2, 250);
    batch.add('a');
    expect(batches).toEqual([]);
    batch.add('b');
    batch.add('c');
    expect(batches).toEqual([['a', 'b']]);
  });

  it('hands on what is pending after the interval when traffic is light, with one timer for many items', () => {
    const batches: string[][] = [];
    const batch = new Batch<string>((items) => batches.push(items), 100, 250);
    batch.add('a');
    jest.advanceTimersByTime(100);
    batch.add('b');
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(150);
    expect(batches).toEqual([['a', 'b']]);
    jest.advanceTimersByTime(1_000);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('drain() hands on every pending item at once and nothing when there is none', () => {
    const batches: string[][] = [];
    const batch = new Batch<string>((items) => batches.push(items), 100, 250);
    batch.drain();
    batch.add('a');
    batch.drain();
    jest.runAllTimers();
    expect(batches).toEqual([['a']]);
  });
});

describe('isoTimeNow', () => {
  it('is the current time in ISO 8601', () => {
    const before = Date.now();
    const parsed = Date.parse(isoTimeNow());
    expect(parsed).toBeGreaterThanOrEqual(before);
    expect(parsed).toBeLessThanOrEqual(Date.now());
  });
});
