import { ClientErrors, MAX_REQUEST_TARGET } from '../../common/client-errors';

/** The request target split into its path (as the client sent it) and its query (with '?', or ''). */
export interface RequestTarget {
  rawPath: string;
  query: string;
  /** The authority of an absolute-form target (`GET http://host/path`), which replaces the Host header. */
  authority: string | null;
}

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)/i;

/**
 * Reads the client's request target (RFC 9112 §3.2): origin form, or absolute form as clients
 * configured to use a proxy send it, whose authority then stands for the Host header, as in nginx.
 * Throws the 414 for a target longer than SPEC §5 allows.
 */
export function parseRequestTarget(target: string): RequestTarget {
  if (target.length > MAX_REQUEST_TARGET) throw ClientErrors.uriTooLong();
  let authority: string | null = null;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) {
    authority = absolute[1];
    const rest = target.slice(absolute[0].length);
    target = rest.startsWith('/') ? rest : `/${rest}`;
  }
  const queryAt = target.indexOf('?');
  return queryAt === -1 ? { rawPath: target, query: '', authority } : { rawPath: target.slice(0, queryAt), query: target.slice(queryAt), authority };
}
