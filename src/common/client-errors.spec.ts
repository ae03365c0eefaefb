import { clientErrorFor } from './client-errors';

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
