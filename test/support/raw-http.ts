import { request as httpRequest, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface RawResponse<T = any> {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  body: T;
}

export interface RawRequestOptions {
  method?: string;
  /** Sent exactly as given: no dot-segment resolution or re-encoding, unlike fetch. */
  path: string;
  /** Any header, including the ones fetch refuses to send (Host, Connection, Transfer-Encoding). */
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer | Readable;
}

/**
 * node:http on a fresh connection, for what fetch cannot express: raw paths, a chosen Host, a client's
 * own Connection header, a body without Content-Type or with chunked framing.
 */
export function rawRequest<T = any>(baseUrl: string, options: RawRequestOptions): Promise<RawResponse<T>> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, body: body as T });
        });
      },
    );
    req.on('error', reject);
    const { body } = options;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}
