import type { TSchema } from '@sinclair/typebox';
import { Errors, PorticoError, type FieldErrors } from '../common/http-errors';
import { KONG_COMPAT, stripKongCompat, type CompatKind } from '../common/kong-compat';
import { validateBody } from '../common/request-body';
import { schemaViolationMessage } from '../common/schema-validator';
import type { KongEntity } from '../database/kong-entity';
import type { ChangeRecorder } from '../database/transactions';
import type { AdminResource } from './admin-resource';

/**
 * The steps of an entity write that do not depend on how the request arrived, shared by the Admin
 * API (POST, PATCH, PUT) and declarative imports, so a file is held to exactly the rules a request is.
 */
export interface ValidatedEntity {
  input: Record<string, unknown>;
  /** The id the client chose, if any. */
  id: string | undefined;
}

/** Columns the server sets. Kong's PUT and declarative files carry them; POST and PATCH refuse them as unknown. */
const READ_ONLY = ['id', 'created_at', 'updated_at'];

export function validateEntity<E extends KongEntity>(
  resource: AdminResource<E>,
  schema: TSchema,
  body: Record<string, unknown>,
  fromForm: boolean,
  options: { wholeEntity: boolean },
): ValidatedEntity {
  const readOnly: FieldErrors = options.wholeEntity ? {} : Object.fromEntries(READ_ONLY.filter((f) => f in body).map((f) => [f, 'unknown field']));
  let input: Record<string, unknown>;
  try {
    input = validateBody<Record<string, unknown>>(schema, body, fromForm);
  } catch (err) {
    // Report the Kong fields Portico refuses along with the schema's own findings, in one answer.
    const fields = (err as PorticoError).body?.fields as FieldErrors | undefined;
    if (!fields) throw err;
    const merged = { ...(stripKongCompat(resource.name, { ...body }) ?? {}), ...readOnly, ...fields };
    throw Errors.schemaViolation(merged, schemaViolationMessage(merged));
  }
  if (Object.keys(readOnly).length) throw Errors.schemaViolation(readOnly, schemaViolationMessage(readOnly));
  const refused = stripKongCompat(resource.name, input);
  if (refused) throw Errors.schemaViolation(refused, schemaViolationMessage(refused));
  const id = input.id as string | undefined;
  delete input.id;
  return { input, id };
}

/**
 * `audit`: the request's scope, carried by the write's transaction (null where the repository already
 * joined one: a declarative import's). The checks that read other rows run before it opens.
 */
export async function insertEntity<E extends KongEntity>(resource: AdminResource<E>, { input, id }: ValidatedEntity, audit: ChangeRecorder | null, fromForm = false): Promise<E> {
  const columns = await resource.toColumns(input, null, fromForm);
  return resource.repository.write(audit, (repository) => repository.insert(id ? ({ ...columns, id } as Partial<E>) : columns));
}

/**
 * Kong's PUT and a declarative import: the entity becomes exactly what was sent. Fields not sent go
 * back to their defaults (validation filled those) or to null, never keep their old values.
 */
export async function replaceEntity<E extends KongEntity>(resource: AdminResource<E>, existing: E, { input, id }: ValidatedEntity, audit: ChangeRecorder | null): Promise<E> {
  if (id !== undefined && id !== existing.id) throw idMismatch();
  await resource.assertReplaceable?.(existing);
  const full = { ...nullsFor(resource.createSchema, Object.keys(KONG_COMPAT[resource.name as CompatKind] ?? {})), ...input };
  const columns = await resource.toColumns(full, null, false);
  return resource.repository.write(audit, (repository) => repository.update(existing, columns));
}

export function idMismatch(): PorticoError {
  const fields = { id: 'does not match the id of the entity addressed' };
  return Errors.schemaViolation(fields, schemaViolationMessage(fields));
}

/** Every nullable field of the schema as null (Kong's "unset"), except the compat fields, which are never stored. */
function nullsFor(schema: TSchema, compat: string[]): Record<string, null> {
  const out: Record<string, null> = {};
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>)) {
    if (name === 'id' || compat.includes(name)) continue;
    const types = Array.isArray(property.type) ? property.type : [];
    const union = Array.isArray(property.anyOf) ? (property.anyOf as TSchema[]).map((s) => s.type) : [];
    if ((types.includes('null') || union.includes('null')) && property.default === undefined) out[name] = null;
  }
  return out;
}
