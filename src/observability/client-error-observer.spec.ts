import { Socket } from 'node:net';
import { ClientErrors } from '../common/client-errors';
import type { AccessLogEntry } from './access-log';
import { witnessRefusedRequests } from './client-error-observer';
import { resetMetrics } from './metrics';

const socketFrom = (remoteAddress: string) => Object.defineProperty(new Socket(), 'remoteAddress', { value: remoteAddress }) as Socket;

describe('witnessRefusedRequests', () => {
  it('counts each refused request under the unmatched labels and writes one line with its id, never its target', async () => {
    const metrics = resetMetrics();
    const lines: AccessLogEntry[] = [];
    const witness = witnessRefusedRequests({ write: (entry) => lines.push(entry), flush: () => undefined });

    const first = witness({ socket: socketFrom('::ffff:10.1.2.3'), error: ClientErrors.uriTooLong(), method: 'GET' });
    const second = witness({ socket: socketFrom('::1'), error: ClientErrors.headersTooLarge(), method: '' });
    witness({ socket: socketFrom('::1'), error: ClientErrors.uriTooLong(), method: 'POST' });

    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      time: expect.any(String),
      request_id: first,
      client: '10.1.2.3',
      method: 'GET',
      path: '',
      status: 414,
      latencies: { total_ms: 0, upstream_ms: null, portico_ms: 0 },
      service: null,
      route: null,
      consumer: null,
      application: null,
      denial_reason: 'uri_too_long',
    });
    const text = await metrics.text();
    expect(text).toMatch(/^portico_http_requests_total\{service="none",route="none",application="none",code="414"\} 2$/m);
    expect(text).toMatch(/^portico_http_requests_total\{service="none",route="none",application="none",code="431"\} 1$/m);
    expect(text).toMatch(/^portico_denials_total\{service="none",route="none",reason="uri_too_long"\} 2$/m);
    expect(text).toMatch(/^portico_denials_total\{service="none",route="none",reason="headers_too_large"\} 1$/m);
  });

  it('still counts when the access log is off', async () => {
    const metrics = resetMetrics();
    witnessRefusedRequests(null)({ socket: socketFrom('127.0.0.1'), error: ClientErrors.malformed(), method: '' });
    expect(await metrics.text()).toMatch(/^portico_denials_total\{service="none",route="none",reason="malformed_request"\} 1$/m);
  });
});
