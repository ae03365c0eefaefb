import { loggablePath } from './access-log';

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
