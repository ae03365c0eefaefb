/** An answer of the API that was not a success, with its JSON body (Portico's error shape). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message?: string; fields?: Record<string, unknown>; name?: string },
    readonly retryAfter: number | null,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/**
 * The pages' only way to the server: JSON in, JSON out, same origin, cookies included. Writes are
 * JSON, which a cross-site form cannot send — part of what keeps the APIs CSRF-safe.
 */
export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { message: 'The server could not be reached. Check your connection and try again.' }, null);
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, json && typeof json === 'object' ? json : {}, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}

/** Every entry of a paged list, following `next`. */
export async function allPages<T>(path: string): Promise<T[]> {
  const rows: T[] = [];
  for (let next: string | null = path; next; ) {
    const page: { data: T[]; next?: string | null } = await api('GET', next);
    rows.push(...page.data);
    next = page.next ?? null;
  }
  return rows;
}

/** A schema violation's per-field messages, with plain words for the common ones. */
export function fieldMessages(err: ApiError, labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(err.body.fields ?? {})) {
    const label = labels[name] ?? name;
    const text = String(raw);
    const min = /at least (\d+)/.exec(text) ?? /fewer than (\d+)/.exec(text);
    if (text === 'required field missing') out[name] = `${label} is required.`;
    else if (name === 'password' && min) out[name] = `The password is too short: use at least ${min[1]} characters.`;
    else if (text === 'unknown field') continue;
    else out[name] = `${label}: ${text}.`;
  }
  return out;
}

/** What went wrong, in a sentence; never the raw body. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (err.status === 429) return `Too many attempts. Try again in ${err.retryAfter ?? 60} seconds.`;
  if (err.status === 0) return err.message;
  if (err.status >= 500) return 'The server could not complete this. Please try again later.';
  if (err.status === 400 && err.body.fields) return 'Some fields need attention.';
  return err.message.endsWith('.') ? err.message : `${err.message}.`;
}

export const STATUS_WORDS = ['Approved', 'Pending', 'Rejected', 'Revoked'];
export const statusWord = (status: number, suspended = false) => (suspended ? 'Suspended' : STATUS_WORDS[status] ?? `Status ${status}`);
