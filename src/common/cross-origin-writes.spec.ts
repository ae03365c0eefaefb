import { isCrossOriginWrite } from './cross-origin-writes';

describe('isCrossOriginWrite', () => {
  it.each([
    ['POST', { 'sec-fetch-site': 'cross-site' }, true],
    ['POST', { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:8000', host: '127.0.0.1:8001' }, true],
    ['PATCH', { 'sec-fetch-site': 'same-origin', host: '127.0.0.1:8001' }, false],
    ['DELETE', { 'sec-fetch-site': 'none' }, false],
    ['POST', { origin: 'http://evil.example', host: '127.0.0.1:8001' }, true],
    ['POST', { origin: 'http://127.0.0.1:8000', host: '127.0.0.1:8001' }, true],
    ['POST', { origin: 'null', host: '127.0.0.1:8001' }, true],
    ['POST', { origin: 'http://127.0.0.1:8001', host: '127.0.0.1:8001' }, false],
    ['POST', { host: '127.0.0.1:8001' }, false],
    ['GET', { 'sec-fetch-site': 'cross-site' }, false],
    ['HEAD', { origin: 'http://evil.example', host: 'x' }, false],
  ])('%s with %j → %s', (method, headers, expected) => {
    expect(isCrossOriginWrite(method, headers)).toBe(expected);
  });
});
