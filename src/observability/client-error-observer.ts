import { randomUUID } from 'node:crypto';
import type { ClientErrorWitness } from '../common/client-errors';
import { peerAddress } from '../common/trusted-proxies';
import type { AccessLogSink } from './access-log';
import { metrics } from './metrics';

/** The label value RequestObserver gives requests no route matched; these never reached routing. */
const UNMATCHED = 'none';

/**
 * The proxy listener's requests that Node's parser or timers refused (400, 408, 414, 417, 431) never
 * reach the pipeline, so RequestObserver never sees them: they are counted here under the unmatched
 * labels (service, route and application `none`, as a 404 no-route is) with their reason id as the
 * denial, and get an access-log line with a request id. The line never holds the request's target or
 * headers (the oversized part is the reason it was refused): its path is empty.
 */
export function witnessRefusedRequests(accessLog: AccessLogSink | null): ClientErrorWitness {
  const m = metrics();
  return ({ socket, error, method }) => {
    const id = randomUUID();
    const code = String(error.status);
    const reason = error.reason;
    m.requests.child(UNMATCHED, UNMATCHED, UNMATCHED, code).inc();
    m.denials.child(UNMATCHED, UNMATCHED, reason).inc();
    accessLog?.write({
      time: new Date().toISOString(),
      request_id: id,
      // The head was not parsed, so there is no X-Forwarded-For to believe: the TCP peer.
      client: peerAddress(socket),
      method,
      path: '',
      status: error.status,
      // Refused while its head was being read: there is no start to measure from.
      latencies: { total_ms: 0, upstream_ms: null, portico_ms: 0 },
      service: null,
      route: null,
      consumer: null,
      application: null,
      denial_reason: reason,
    });
    return id;
  };
}
