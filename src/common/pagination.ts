/**
 * Kong-style keyset pagination for Admin API lists: `size` + an opaque `offset` token that
 * carries the last id of the previous page, so pages stay stable while rows are inserted.
 */

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export class PageQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageQueryError';
  }
}

export interface PageRequest {
  size: number;
  /** The last id of the previous page; null for the first page. */
  after: string | null;
}

export interface Page<T> {
  data: T[];
  offset?: string;
  next: string | null;
}

export function encodeOffset(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeOffset(offset: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(offset)) throw new PageQueryError('invalid offset');
  const id = Buffer.from(offset, 'base64url').toString('utf8');
  // Buffer decoding is lenient (stray bits, invalid UTF-8); only tokens we could have issued pass.
  if (id === '' || encodeOffset(id) !== offset) throw new PageQueryError('invalid offset');
  return id;
}

export function parsePageQuery(query: Record<string, unknown>): PageRequest {
  return { size: parseSize(query.size), after: parseOffset(query.offset) };
}

function parseSize(raw: unknown): number {
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const size =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PageQueryError(`size must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

function parseOffset(raw: unknown): string | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string') throw new PageQueryError('invalid offset');
  return decodeOffset(raw);
}

/**
 * `rows` is the repository's answer to "up to size + 1 rows ordered by id after `after`"; the
 * extra row only tells that another page exists.
 */
export function pageResponse<T extends { id: string }>(
  rows: T[],
  req: PageRequest,
  basePath: string,
  extraQuery: Record<string, string> = {},
): Page<T> {
  if (rows.length <= req.size) return { data: rows, next: null };

  const data = rows.slice(0, req.size);
  const offset = encodeOffset(data[data.length - 1].id);
  const query: [string, string][] = [['offset', offset]];
  if (req.size !== DEFAULT_PAGE_SIZE) query.push(['size', String(req.size)]);
  for (const [key, value] of Object.entries(extraQuery)) query.push([key, value]);
  const queryString = query
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const separator = basePath.includes('?') ? '&' : '?';
  return { data, offset, next: `${basePath}${separator}${queryString}` };
}
