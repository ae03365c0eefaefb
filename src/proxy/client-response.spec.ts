import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { PorticoError } from '../common/http-errors';
import { answerFailure, prepareRelayedHead } from './client-response';
import { ProxyContext } from './proxy-context';

const BAD_GATEWAY = new PorticoError(502, { message: 'An invalid response was received from the upstream server' }, 'upstream_error');

function context(complete = true): ProxyContext {
  const req = new IncomingMessage(new Socket());
  req.complete = complete;
  return new ProxyContext(req, new ServerResponse(req), 0n);
}

function upstream(status: number, headers: Record<string, string | string[]>, reason = 'Whatever'): IncomingMessage {
  const res = new IncomingMessage(new Socket());
  res.statusCode = status;
  res.statusMessage = reason;
  Object.assign(res.headers, headers);
  return res;
}

/** The head Node built for the response (written on the first body byte). */
const headOf = (res: ServerResponse) => (res as unknown as { _header: string })._header;

describe('prepareRelayedHead', () => {
  it.each([
    [99, false],
    [101, false],
    [199, false],
    [200, true],
    [404, true],
    [600, true],
    [999, true],
    [1000, false],
  ])('status %i relayable: %p', (status, relayable) => {
    expect(prepareRelayedHead(upstream(status, {}), context())).toBe(relayable);
  });

  it('copies end-to-end headers, drops hop-by-hop ones, those Connection names and Transfer-Encoding, and adds ours', () => {
    const ctx = context();
    ctx.responseHeaders['set-cookie'] = 'session=1';
    const ok = prepareRelayedHead(
      upstream(200, {
        'content-type': 'text/plain',
        connection: 'x-private, keep-alive',
        'x-private': 'secret',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'proxy-authenticate': 'Basic',
        'set-cookie': ['a=1'],
        via: '1.0 edge',
      }),
      ctx,
    );
    expect(ok).toBe(true);
    const headers = ctx.res.getHeaders();
    expect(Object.keys(headers).sort()).toEqual(['content-type', 'set-cookie', 'via', 'x-portico-proxy-latency', 'x-portico-upstream-latency']);
    expect(headers['set-cookie']).toEqual(['a=1', 'session=1']);
    expect(headers.via).toBe('1.0 edge, 1.1 portico');
  });

  it('keeps a writable reason phrase and replaces one Node would refuse with the standard one', () => {
    const kept = context();
    prepareRelayedHead(upstream(200, {}, 'Fine Thanks'), kept);
    expect(kept.res.statusMessage).toBe('Fine Thanks');
    const replaced = context();
    prepareRelayedHead(upstream(200, {}, 'O\x01K'), replaced);
    expect(replaced.res.statusMessage).toBeUndefined();
  });

  it('refuses a header value Node will not write, leaving the response untouched', () => {
    const ctx = context();
    expect(prepareRelayedHead(upstream(200, { 'x-ok': 'fine', 'x-bad': 'a\x01b' }), ctx)).toBe(false);
    expect(ctx.res.getHeaderNames()).toEqual([]);
  });
});

describe('answerFailure', () => {
  it('replaces a prepared but unsent head with a clean 502: standard reason, one framing header, JSON', () => {
    const ctx = context();
    prepareRelayedHead(upstream(200, { 'content-length': '2', 'x-upstream': 'yes' }, 'OK'), ctx);
    answerFailure(ctx, BAD_GATEWAY);
    const head = headOf(ctx.res);
    expect(head.startsWith('HTTP/1.1 502 Bad Gateway\r\n')).toBe(true);
    expect(head).not.toMatch(/x-upstream|transfer-encoding/i);
    expect(head.match(/content-length/gi)).toHaveLength(1);
    expect(head).toContain('content-type: application/json; charset=utf-8');
  });

  it('closes the connection when the client body is still unread', () => {
    const ctx = context(false);
    answerFailure(ctx, BAD_GATEWAY);
    expect(headOf(ctx.res)).toContain('connection: close');
  });

  it('answers once', () => {
    const ctx = context();
    answerFailure(ctx, BAD_GATEWAY);
    const first = headOf(ctx.res);
    answerFailure(ctx, new PorticoError(504, { message: 'The upstream server is timing out' }));
    expect(headOf(ctx.res)).toBe(first);
  });

  it('cuts a response whose status line already went out', () => {
    const ctx = context();
    ctx.res.writeHead(200);
    const destroy = jest.spyOn(ctx.res, 'destroy');
    answerFailure(ctx, BAD_GATEWAY);
    expect(destroy).toHaveBeenCalled();
  });
});
