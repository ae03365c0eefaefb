/** Field names whose values are credentials: removed from audit records, whatever entity or plugin config holds them. */
const SECRET_FIELD = /(^|_)(secrets?|password|passwd|hash|tokens?|private_key|api_?key|key|cookie)$/i;

export const REDACTED = '[redacted]';

/**
 * A plain copy of an entity's fields with every secret-looking field's value replaced, at any depth
 * (plugin configs nest `client_secret` lists). The field stays, so a reader sees that it changed.
 */
export function redactSecrets(value: object): Record<string, unknown> {
  return redact(value, 0) as Record<string, unknown>;
}

function redact(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'function') continue;
    // Flags and numbers (`cache_tokens: true`) say nothing secret; anything else under such a name goes.
    const secret = SECRET_FIELD.test(key) && field !== null && field !== undefined && typeof field !== 'boolean' && typeof field !== 'number';
    out[key] = secret ? REDACTED : redact(field, depth + 1);
  }
  return out;
}
