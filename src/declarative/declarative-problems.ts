import type { FieldErrors, PorticoError } from '../common/http-errors';
import type { DeclarativeProblem } from './declarative-file';

/** A Kong error body as problems at their places: Kong's 1-based array keys become 0-based indexes. */
export function problemsOf(place: string, err: PorticoError): DeclarativeProblem[] {
  const fields = err.body.fields as FieldErrors | undefined;
  // Foreign-key and unique violations carry the offending values in `fields`, not messages.
  const valuesOnly = err.body.name === 'unique constraint violation' || err.body.name === 'foreign key violation';
  if (valuesOnly || !fields || typeof fields !== 'object' || !Object.keys(fields).length) return [{ place, message: String(err.body.message ?? err.message) }];
  const out: DeclarativeProblem[] = [];
  const walk = (node: FieldErrors | string, path: string) => {
    if (typeof node === 'string') return void out.push({ place: path, message: node });
    if (Array.isArray(node)) return void node.forEach((m) => out.push({ place: path, message: String(m) }));
    for (const [key, value] of Object.entries(node)) {
      if (key === '@entity') walk(value, path);
      else if (/^\d+$/.test(key)) walk(value, `${path}[${Number(key) - 1}]`);
      else walk(value, `${path}.${key}`);
    }
  };
  walk(fields, place);
  return out;
}
