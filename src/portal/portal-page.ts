import { Errors } from '../common/http-errors';
import { pageResponse, parsePageQuery } from '../common/pagination';

/**
 * Kong's portal list shape, `{data, total, next}`, paged with `size` and `offset` like the Admin API.
 * A developer's lists are small (their own applications, the catalog), so they are paged in memory.
 */
export function portalPage<T extends { id: string }, J>(rows: T[], query: Record<string, unknown>, basePath: string, toJson: (row: T) => J) {
  let page;
  try {
    page = parsePageQuery(query);
  } catch (err) {
    throw Errors.badRequest((err as Error).message, 'invalid_page');
  }
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after = page.after;
  const rest = after === null ? sorted : sorted.filter((row) => row.id > after);
  const { data, next, offset } = pageResponse(rest.slice(0, page.size + 1), page, basePath);
  return { data: data.map(toJson), total: rows.length, next, ...(offset ? { offset } : {}) };
}
