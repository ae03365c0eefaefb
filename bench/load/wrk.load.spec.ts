import { assertLoopback } from './load-generator';
import { RotatingHeader } from './rotating-header';
import { parseWrkResult, wrkScript } from './wrk.load';

describe('wrkScript', () => {
  it('sets method, headers and body, and reports the numbers as one JSON line', () => {
    const script = wrkScript({ url: 'http://127.0.0.1:1/x', method: 'POST', headers: { authorization: 'Bearer a"b\\c' }, body: '{"k":1}' });
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain('wrk.headers["authorization"] = "Bearer a\\"b\\\\c"');
    expect(script).toContain('wrk.body = "{\\"k\\":1}"');
    expect(script).toMatch(/io\.write\(string\.format\('BENCH_RESULT \{/);
  });

  it('leaves the body out for a GET', () => {
    expect(wrkScript({ url: 'http://127.0.0.1:1/', method: 'GET', headers: {} })).not.toContain('wrk.body');
  });

  it.each(['line\nbreak', 'tab\there', 'caf\u00e9'])('refuses a value it cannot put into Lua verbatim: %j', (value) => {
    expect(() => wrkScript({ url: 'http://127.0.0.1:1/', method: 'GET', headers: { 'x-test': value } })).toThrow(/printable ASCII/);
  });
});

describe('wrkScript with a rotating header', () => {
  it('reads the values from their file and sets the next one on every request, starting where the last run stopped', () => {
    const rotating = new RotatingHeader('authorization', ['Bearer a', 'Bearer b', 'Bearer c']);
    const script = wrkScript({ url: 'http://127.0.0.1:1/', method: 'GET', headers: {}, rotating }, { file: '/tmp/values.txt', start: 2 });
    expect(script).toContain('for line in io.lines("/tmp/values.txt") do values[#values + 1] = line end');
    expect(script).toContain('local at = 2');
    expect(script).toContain('wrk.headers["authorization"] = values[at]');
    expect(script).toContain('return wrk.format()');
  });

  it('builds one fixed request when nothing rotates', () => {
    expect(wrkScript({ url: 'http://127.0.0.1:1/', method: 'GET', headers: {} })).not.toContain('request = function');
  });
});

describe('RotatingHeader', () => {
  it('hands out its values in order, wrapping around, and carries its position from one run to the next', () => {
    const rotating = new RotatingHeader('authorization', ['a', 'b', 'c']);
    expect([rotating.next(), rotating.next()]).toEqual(['a', 'b']);
    rotating.advance(5);
    expect(rotating.position).toBe(1);
    expect(rotating.next()).toBe('b');
  });

  it('refuses to rotate through nothing', () => {
    expect(() => new RotatingHeader('authorization', [])).toThrow(/at least one value/);
  });
});

describe('parseWrkResult', () => {
  it('turns the script output into a result, counting socket errors and timeouts together', () => {
    const result = parseWrkResult('{"requests":1000,"duration_us":2000000,"connect":1,"read":2,"write":3,"status":7,"timeout":4,"p50_us":850,"p99_us":5100}');
    expect(result).toEqual({ requests: 1000, durationS: 2, p50Us: 850, p99Us: 5100, non2xx: 7, errors: 10 });
  });
});

describe('assertLoopback', () => {
  it.each(['http://127.0.0.1:8000/', 'http://localhost:1/', 'http://[::1]:2/'])('accepts %s', (url) => {
    expect(() => assertLoopback(url)).not.toThrow();
  });

  it.each(['http://10.0.0.1/', 'http://example.com/', 'http://127.0.0.1.example.com/'])('refuses %s', (url) => {
    expect(() => assertLoopback(url)).toThrow(/only targets loopback/);
  });
});
