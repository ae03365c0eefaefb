import { assertLoopback } from './load-generator';
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
