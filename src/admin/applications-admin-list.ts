import type { KongEntity } from '../database/kong-entity';
import type { KongRepository } from '../database/kong-repository';
import type { AdminCrudService, ListScope } from './admin-crud.service';
import type { AdminResource } from '../resources/admin-resource';

/**
 * Developers, applications and instances are written through their own services (several tables in
 * one transaction), not the generic CRUD; only its listing (pages, tags filter) is shared.
 */
export function adminList<E extends KongEntity>(
  crud: AdminCrudService,
  repository: KongRepository<E>,
  toJson: (row: E) => Record<string, unknown>,
  query: Record<string, unknown>,
  basePath: string,
  scope?: ListScope<E>,
) {
  // AdminCrudService.list reads only these two members of a resource.
  const listable = { repository, toJson } as Pick<AdminResource<E>, 'repository' | 'toJson'> as AdminResource<E>;
  return crud.list(listable, query, basePath, scope);
}
