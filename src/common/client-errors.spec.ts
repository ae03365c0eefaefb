import { clientErrorFor, requestMethod } from './client-errors';

const overflow = (packet: string) => ({ code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from(packet, 'latin1') });

describe('clientErrorFor', () => {
  it.each([
    ['a headers timeout', { code: 'ERR_HTTP_REQUEST_TIMEOUT' }, 408, 'Request timeout'],
    ['a request line over 8 KB', overflow(`GET /${'a'.repeat(9_000)}`), 414, 'URI too long'],
    ['a request line over 8 KB in a chunk with headers', overflow(`GET /${'a'.repeat(9_000)} HTTP/1.1\r\nHost: x\r\n`), 414, 'URI too long'],
    ['a short request line with huge headers', overflow(`GET / HTTP/1.1\r\nX: ${'b'.repeat(20_000)}`), 431, 'Request header or cookie too large'],
    ['a later chunk holding one long header line', overflow(`X-Big: ${'b'.repeat(20_000)}`), 431, 'Request header or cookie too large'],
    ['an overflow without the packet', { code: 'HPE_HEADER_OVERFLOW' }, 431, 'Request header or cookie too large'],
    ['a parse error', { code: 'HPE_INVALID_METHOD' }, 400, 'Bad request'],
    ['anything else', {}, 400, 'Bad request'],
  ])('%s', (_name, err, status, message) => {
    const error = clientErrorFor(err);
    expect({ status: error.status, body: error.body }).toEqual({ status, body: { message } });
  });
});

describe('requestMethod', () => {
  it.each([
    ['a request line', 'GET /x HTTP/1.1', 'GET'],
    ['an extension method', 'PROPFIND / HTTP/1.1', 'PROPFIND'],
    ['a header chunk', 'X-Big: bbbb', ''],
    ['a lower-case token', 'get / HTTP/1.1', ''],
    ['a token over 16 letters', `${'A'.repeat(17)} / HTTP/1.1`, ''],
    ['garbage', '\u0000\u0001 nothing', ''],
  ])('%s', (_name, packet, method) => {
    expect(requestMethod(Buffer.from(packet, 'latin1'))).toBe(method);
  });

  it('is empty without a packet', () => {
    expect(requestMethod(undefined)).toBe('');
  });
});
