import { request as httpRequest, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
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

export interface RawExchange {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** How the connection ended: the server closed it (FIN), reset it, or it was still open at the deadline. */
  ended: 'closed' | 'reset' | 'open';
}

/**
 * Bytes exactly as given over a fresh TCP connection, for what no HTTP client will send or show: a
 * malformed request, the raw status line, framing headers, whether the server closed the connection.
 * `then` may write more once the first bytes arrive (a body after `100 Continue`).
 */
export function rawExchange(
  baseUrl: string,
  bytes: string | Buffer,
  options: {
    waitMs?: number;
    /** Called once the request bytes are written (to keep sending, say). */
    sent?: (socket: import('node:net').Socket) => void;
    then?: (socket: import('node:net').Socket, received: string) => void;
  } = {},
): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    let done = false;
    const finish = (ended: RawExchange['ended']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, ended });
    };
    const timer = setTimeout(() => finish('open'), options.waitMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => {
      const first = text === '';
      text += chunk.toString('latin1');
      if (first) options.then?.(socket, text);
    });
    socket.on('end', () => finish('closed'));
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('closed'));
    socket.write(bytes);
    options.sent?.(socket);
  });
}

export interface ParsedHead {
  statusLine: string;
  status: number;
  /** Header lines in order, names lower-cased. */
  headers: [string, string][];
  body: string;
}

/** Splits the first response out of raw bytes (head and whatever follows it). */
/** The text from the final answer's status line on: interim (1xx) heads before it removed. */
export function skipInterimAnswers(text: string): string {
  let rest = text;
  while (/^HTTP\/1\.[01] 1\d\d /.test(rest) && rest.includes('\r\n\r\n')) rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
  return rest;
}

export function parseHead(text: string): ParsedHead | null {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = lines.map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
  });
  return { statusLine, status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}
