import { Errors, FieldErrors } from './http-errors';
import { ENTITY_ERRORS_KEY, placeFieldError, schemaViolationMessage } from './schema-validator';

/** SPEC §5: what an Admin or Portal API body may hold at most. */
export const MAX_BODY_DEPTH = 64;
export const MAX_BODY_ENTRIES = 1000;
/** Enough to tell the client what to fix; walking on would only make a hostile body cost more. */
const MAX_REPORTED = 20;

/** NUL, or a UTF-16 surrogate without its pair: neither survives a database or UTF-8 intact. */
const UNSAFE_STRING = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  /** Kong's name for this value inside its parent: the field, or the 1-based array position. */
  key: string;
}

/**
 * Checks a parsed request body's shape before anything recursive (cloning, schema validation) sees
 * it: nesting deeper than MAX_BODY_DEPTH is refused with 400, arrays and records with more than
 * MAX_BODY_ENTRIES entries and strings or field names holding NUL or a lone surrogate are a schema
 * violation on their field. Iterative, so no body can exhaust the stack here either.
 */
export function assertBodyLimits(body: unknown): void {
  const fields: FieldErrors = {};
  let reported = 0;
  const report = (frame: Frame, message: string) => {
    placeFieldError(fields, pathOf(frame), message);
    reported++;
  };

  const stack: Frame[] = [{ value: body, depth: 0, parent: null, key: '' }];
  while (stack.length > 0 && reported < MAX_REPORTED) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (typeof value === 'string') {
      if (UNSAFE_STRING.test(value)) report(frame, 'invalid value: NUL characters and unpaired surrogates are not allowed');
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > MAX_BODY_DEPTH) {
      throw Errors.badRequest(`request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels)`, 'body_too_deep');
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_BODY_ENTRIES) report(frame, `length must be at most ${MAX_BODY_ENTRIES}`);
      else for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth, parent: frame, key: String(i + 1) });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_BODY_ENTRIES) {
      report(frame, `too many fields (at most ${MAX_BODY_ENTRIES})`);
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const child: Frame = { value: (value as Record<string, unknown>)[keys[i]], depth, parent: frame, key: keys[i] };
      if (UNSAFE_STRING.test(keys[i])) report(child, 'invalid field name: NUL characters and unpaired surrogates are not allowed');
      else stack.push(child);
    }
  }
  if (reported > 0) throw Errors.schemaViolation(fields, schemaViolationMessage(fields));
}

function pathOf(frame: Frame): string[] {
  const path: string[] = [];
  for (let f: Frame | null = frame; f && f.parent; f = f.parent) path.push(f.key);
  return path.length ? path.reverse() : [ENTITY_ERRORS_KEY];
}
