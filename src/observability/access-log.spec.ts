import { isoTimeNow, LineBuffer, loggablePath } from './access-log';

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

describe('LineBuffer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands lines on in one chunk once they reach the chunk size', () => {
    const chunks: string[] = [];
    const buffer = new LineBuffer((chunk) => chunks.push(chunk), 10, 250);
    buffer.write('abcd\n');
    expect(chunks).toEqual([]);
    buffer.write('efgh\n');
    expect(chunks).toEqual(['abcd\nefgh\n']);
  });

  it('hands on what is pending after the interval when traffic is light, with one timer for many lines', () => {
    const chunks: string[] = [];
    const buffer = new LineBuffer((chunk) => chunks.push(chunk), 1_000, 250);
    buffer.write('a\n');
    jest.advanceTimersByTime(100);
    buffer.write('b\n');
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(150);
    expect(chunks).toEqual(['a\nb\n']);
    jest.advanceTimersByTime(1_000);
    expect(chunks).toEqual(['a\nb\n']);
  });

  it('drain() writes every pending line at once and nothing when there is none', () => {
    const chunks: string[] = [];
    const buffer = new LineBuffer((chunk) => chunks.push(chunk), 1_000, 250);
    buffer.drain();
    buffer.write('a\n');
    buffer.drain();
    jest.runAllTimers();
    expect(chunks).toEqual(['a\n']);
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
