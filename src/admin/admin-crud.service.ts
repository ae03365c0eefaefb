import { Injectable } from '@nestjs/common';
import { Change, ConfigChanges } from '../common/config-changes';
import { Errors } from '../common/http-errors';
import { PageRequest, pageResponse, parsePageQuery } from '../common/pagination';
import { requestObject } from '../common/request-body';
import { isUUID } from '../common/uuid';
import type { KongEntity } from '../database/kong-entity';
import type { ListQuery, TagFilter } from '../database/kong-repository';
import type { ChangeRecorder } from '../database/transactions';
import type { AdminResource } from '../resources/admin-resource';
import { isFormBody } from './admin-body';
import { idMismatch, insertEntity, replaceEntity, validateEntity } from '../resources/entity-writes';

/** Which rows a list pages through: a repository's narrow query (`routes.listByService(id, page)`). */
export type ListRows<E extends KongEntity> = (page: ListQuery) => Promise<E[]>;

/**
 * The Admin API's CRUD, written once for every Kong entity: validate (Kong error shapes, defaults),
 * map to columns, write, publish the change so caches catch up before the response goes out. Each
 * write runs in a transaction of its own carrying `audit`, the request's audit scope.
 */
@Injectable()
export class AdminCrudService {
  constructor(private readonly changes: ConfigChanges) {}

  async list<E extends KongEntity>(resource: Pick<AdminResource<E>, 'repository' | 'toJson' | 'list'>, query: Record<string, unknown>, basePath: string, rows?: ListRows<E>) {
    const page = parsePage(query);
    const tags = parseTagFilter(query.tags);
    const listed = { ...page, tags };
    const found = await (rows ? rows(listed) : resource.list ? resource.list(listed) : resource.repository.list(listed));
    const response = pageResponse(found, page, basePath, tags ? { tags: query.tags as string } : undefined);
    return { ...response, data: response.data.map((row) => resource.toJson(row)) };
  }

  async get<E extends KongEntity>(resource: AdminResource<E>, key: string) {
    return resource.toJson(await resource.repository.getByIdOrKeyOrFail(key));
  }

  async create<E extends KongEntity>(resource: AdminResource<E>, body: unknown, audit: ChangeRecorder | null, implied: Record<string, unknown> = {}) {
    const fromForm = isFormBody(body);
    const row = await insertEntity(resource, validateEntity(resource, resource.createSchema, { ...requestObject(body, ADMIN_BODIES), ...implied }, fromForm, { wholeEntity: false }), audit, fromForm);
    await this.announce(resource, row);
    return resource.toJson(row);
  }

  /**
   * Kong's PUT /{entities}/{id or name}: creates the entity under that key or replaces it whole
   * (decK's sync writes this way). A name in the path names the entity it creates.
   */
  async put<E extends KongEntity>(
    resource: AdminResource<E>,
    key: string,
    body: unknown,
    audit: ChangeRecorder | null,
    implied: Record<string, unknown> = {},
    find: (key: string) => Promise<E | null> = (k) => (isUUID(k) ? resource.repository.getById(k) : resource.repository.getByIdOrKey(k)),
  ) {
    const byId = isUUID(key);
    const sent = { ...requestObject(body, ADMIN_BODIES), ...implied, ...(byId || !resource.nameField ? {} : { [resource.nameField]: key }) };
    if (byId && sent.id !== undefined && sent.id !== key) throw idMismatch();
    const validated = validateEntity(resource, resource.createSchema, sent, isFormBody(body), { wholeEntity: true });
    const existing = await find(key);
    // A replaced row's old values matter too (an ACL moved to another consumer changes the first one's groups).
    const before = existing ? changesOf(resource, { ...existing }) : [];
    const row = existing
      ? await replaceEntity(resource, existing, validated, audit)
      : await insertEntity(resource, { ...validated, id: byId ? key : validated.id }, audit, isFormBody(body));
    await this.changes.publish(...before, ...changesOf(resource, row));
    return resource.toJson(row);
  }

  async update<E extends KongEntity>(resource: AdminResource<E>, key: string, body: unknown, audit: ChangeRecorder | null) {
    const existing = await resource.repository.getByIdOrKeyOrFail(key);
    return this.updateRow(resource, existing, body, audit);
  }

  async updateRow<E extends KongEntity>(resource: AdminResource<E>, existing: E, body: unknown, audit: ChangeRecorder | null) {
    const { input } = validateEntity(resource, resource.updateSchema, requestObject(body, ADMIN_BODIES), isFormBody(body), { wholeEntity: false });
    const columns = await resource.toColumns(input, existing, isFormBody(body));
    // What the row was matters too: an ACL moved to another consumer changes the first one's groups.
    const before = changesOf(resource, { ...existing });
    const row = await resource.repository.write(audit, (repository) => repository.update(existing, columns));
    await this.changes.publish(...before, ...changesOf(resource, row));
    return resource.toJson(row);
  }

  async delete<E extends KongEntity>(resource: AdminResource<E>, key: string, audit: ChangeRecorder | null): Promise<void> {
    const row = await resource.repository.getByIdOrKey(key);
    if (row) await this.deleteRow(resource, row, audit);
  }

  async deleteRow<E extends KongEntity>(resource: AdminResource<E>, row: E, audit: ChangeRecorder | null): Promise<void> {
    await resource.beforeDelete?.(row);
    await resource.repository.write(audit, (repository) => repository.delete(row));
    await this.announce(resource, row);
  }

  private announce<E extends KongEntity>(resource: AdminResource<E>, row: E): Promise<void> {
    return this.changes.publish(...changesOf(resource, row));
  }
}

function changesOf<E extends KongEntity>(resource: AdminResource<E>, row: E): Change[] {
  return resource.changesOf?.(row) ?? resource.topics.map((topic) => ({ topic, id: row.id }));
}

function parsePage(query: Record<string, unknown>): PageRequest {
  try {
    return parsePageQuery(query);
  } catch (err) {
    throw Errors.badRequest((err as Error).message, 'invalid_page');
  }
}

/** What the Admin API's write endpoints parse (SPEC §2), for the 400 a body of another shape gets. */
const ADMIN_BODIES = 'a JSON object or a form';

const MAX_FILTER_TAGS = 5;

/** Kong's `?tags=`: `a,b` wants every tag, `a/b` any of them; mixing the two is refused, as is more than five. */
function parseTagFilter(raw: unknown): TagFilter | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^[^,/]+(?:(?:,[^,/]+)*|(?:\/[^,/]+)*)$/.test(raw)) {
    throw Errors.badRequest('invalid option (tags: invalid filter syntax)', 'invalid_tags');
  }
  const values = raw.split(/[,/]/);
  if (values.length > MAX_FILTER_TAGS) {
    throw Errors.badRequest(`invalid option (tags: cannot query more than ${MAX_FILTER_TAGS} tags)`, 'invalid_tags');
  }
  return { values, match: raw.includes('/') ? 'any' : 'all' };
}

