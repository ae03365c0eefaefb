import type { TSchema } from '@sinclair/typebox';
import type { EntityManager } from 'typeorm';
import type { ConfigChanges } from '../common/config-changes';
import { PorticoError } from '../common/http-errors';
import { entitySchema } from '../common/kong-schema';
import { EntityId } from '../common/kong-compat';
import { validateBody } from '../common/request-body';
import { isUUID } from '../common/uuid';
import type { KongEntity } from '../database/kong-entity';
import type { AdminResource } from '../resources/admin-resource';
import { insertEntity, replaceEntity, validateEntity } from '../resources/entity-writes';
import { AclsResource } from '../resources/acls.resource';
import { ConsumersResource } from '../resources/consumers.resource';
import { PluginsResource } from '../resources/plugins.resource';
import { RoutesResource } from '../resources/routes.resource';
import { ServicesResource } from '../resources/services.resource';
import { ApplicationCatalogService } from '../applications/application-catalog.service';
import { ApplicationInstanceEntity } from '../applications/application-instance.entity';
import { ApplicationInstancesService } from '../applications/application-instances.service';
import { ApplicationStore } from '../applications/application-store';
import { ApplicationEntity } from '../applications/application.entity';
import { ApplicationOfDeveloperCreateSchema, DeveloperCreateSchema, InstanceAdminCreateSchema } from '../applications/application.schemas';
import { ApplicationsRepository } from '../applications/applications.repository';
import { ApplicationsService } from '../applications/applications.service';
import { DeveloperEntity } from '../applications/developer.entity';
import { DevelopersRepository, normalizeEmail } from '../applications/developers.repository';
import { DeveloperInput, DevelopersService } from '../applications/developers.service';
import { Status, toStatus } from '../applications/status';
import { ConsumerAclEntity } from '../consumers/consumer-acl.entity';
import { ConsumerAclsRepository } from '../consumers/consumer-acls.repository';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { ConsumersRepository } from '../consumers/consumers.repository';
import { RouteEntity } from '../gateway/route.entity';
import { RoutesRepository } from '../gateway/routes.repository';
import { ServiceEntity } from '../gateway/service.entity';
import { ServicesRepository } from '../gateway/services.repository';
import { PluginEntity } from '../gateway/plugin.entity';
import { PluginsRepository } from '../gateway/plugins.repository';
import type { PluginRegistry } from '../plugins/plugin-registry';
import type { PorticoConfig } from '../config/portico-config';
import { DeclarativeError, type DeclarativeProblem, type DeclarativePlan, type Ref } from './declarative-file';
import { problemsOf } from './declarative-problems';

const { password: _password, ...developerFields } = DeveloperCreateSchema.properties;
/** A developer in a file: as the Admin API takes one, without a password (hashes are never exported). */
export const DeveloperFileSchema = entitySchema({ ...developerFields, id: EntityId }, ['email']);
export const ApplicationFileSchema = entitySchema({ ...ApplicationOfDeveloperCreateSchema.properties, id: EntityId }, ['name', 'custom_id']);
const { service: _service, ...instanceFields } = InstanceAdminCreateSchema.service.properties;
export const InstanceFileSchema = entitySchema({ ...instanceFields, id: EntityId }, []);

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** Marks a developer who has no password yet: no password verifies against it (see password-hasher). */
const NO_PASSWORD = '!imported';

/**
 * Writes a planned file into one open transaction: create or replace by id, else by name, with the
 * Admin API's own resources and services bound to that transaction. Every problem is collected
 * (entities that depend on a failed one are skipped quietly) and thrown together; the caller's
 * transaction then rolls everything back.
 */
export class DeclarativeImporter {
  private readonly problems: DeclarativeProblem[] = [];
  private readonly servicesRepo: ServicesRepository;
  private readonly routesRepo: RoutesRepository;
  private readonly consumersRepo: ConsumersRepository;
  private readonly aclsRepo: ConsumerAclsRepository;
  private readonly pluginsRepo: PluginsRepository;
  private readonly developersRepo: DevelopersRepository;
  private readonly applicationsRepo: ApplicationsRepository;
  private readonly services: ServicesResource;
  private readonly routes: RoutesResource;
  private readonly consumers: ConsumersResource;
  private readonly acls: AclsResource;
  private readonly plugins: PluginsResource;
  private readonly developerService: DevelopersService;
  private readonly applicationService: ApplicationsService;
  private readonly instanceService: ApplicationInstancesService;
  private readonly store: ApplicationStore;

  constructor(
    private readonly em: EntityManager,
    registry: PluginRegistry,
    config: PorticoConfig,
  ) {
    const bind = <R extends { inTransaction(em: EntityManager): R }>(repo: R) => repo.inTransaction(em);
    const ds = em.connection;
    this.servicesRepo = bind(new ServicesRepository(ds));
    this.routesRepo = bind(new RoutesRepository(ds));
    this.consumersRepo = bind(new ConsumersRepository(ds));
    this.aclsRepo = bind(new ConsumerAclsRepository(ds));
    this.pluginsRepo = bind(new PluginsRepository(ds));
    this.developersRepo = bind(new DevelopersRepository(ds));
    this.applicationsRepo = bind(new ApplicationsRepository(ds));
    this.services = new ServicesResource(this.servicesRepo, this.routesRepo);
    this.routes = new RoutesResource(this.routesRepo, this.servicesRepo);
    this.consumers = new ConsumersResource(this.consumersRepo);
    this.acls = new AclsResource(this.aclsRepo);
    this.plugins = new PluginsResource(this.pluginsRepo, registry, this.servicesRepo, this.routesRepo);
    this.store = ApplicationStore.joining(em);
    // The caller publishes once, after the commit: a cache refreshed mid-transaction could read rows
    // that are then rolled back.
    const deferred = { publish: async () => undefined, subscribe: () => () => undefined } as unknown as ConfigChanges;
    this.developerService = new DevelopersService(this.developersRepo, this.store, deferred, config);
    this.applicationService = new ApplicationsService(this.store, deferred);
    const catalog = new ApplicationCatalogService(this.pluginsRepo, this.servicesRepo);
    this.instanceService = new ApplicationInstancesService(this.store, catalog, deferred);
  }

  /** Empties every table the file format covers (DB-less: a file replaces the whole configuration). */
  async clear(): Promise<void> {
    for (const entity of [ApplicationInstanceEntity, ApplicationEntity, DeveloperEntity, ConsumerAclEntity, PluginEntity, RouteEntity, ConsumerEntity, ServiceEntity]) {
      await this.em.createQueryBuilder().delete().from(entity).execute();
    }
  }

  /** `known`: problems already found in the file's shape, reported with the entities' own. */
  async run(plan: DeclarativePlan, known: DeclarativeProblem[] = []): Promise<void> {
    this.problems.push(...known);
    const serviceIds = await this.each(plan.services, (item) => this.upsert(this.services, item.body, () => this.byKey(this.servicesRepo, item.body, 'name')));
    const resolveService = (ref: Ref | null, place: string) => this.resolve(ref, serviceIds, this.servicesRepo, place, 'services');
    const routeIds = await this.each(plan.routes, async (item) => {
      const service = await resolveService(item.service, `${item.place}.service`);
      if (service === undefined) {
        this.checkOnly(this.routes, { ...item.body, service: { id: PLACEHOLDER_ID } });
        return null;
      }
      if (service === null) throw fieldProblem('service', 'required field missing');
      return this.upsert(this.routes, { ...item.body, service: { id: service } }, () => this.byKey(this.routesRepo, item.body, 'name'));
    });
    const consumerIds = await this.each(plan.consumers, (item) =>
      this.upsert(this.consumers, item.body, async () => (await this.byKey(this.consumersRepo, item.body, 'username')) ?? this.byKey(this.consumersRepo, item.body, 'custom_id')),
    );
    await this.each(plan.acls, async (item) => {
      const consumer = consumerIds[item.consumer];
      if (!consumer) {
        this.checkOnly(this.acls, { ...item.body, consumer: { id: PLACEHOLDER_ID } });
        return null;
      }
      const key = (item.body.id ?? item.body.group) as string | undefined;
      return this.upsert(this.acls, { ...item.body, consumer: { id: consumer } }, () => (key ? this.aclsRepo.getForConsumer(consumer, key) : Promise.resolve(null)));
    });
    await this.each(plan.plugins, async (item) => {
      const service = await resolveService(item.service, `${item.place}.service`);
      const route = await this.resolve(item.route, routeIds, this.routesRepo, `${item.place}.route`, 'routes');
      if (service === undefined || route === undefined) {
        const { input } = this.checkOnly(this.plugins, { ...item.body, service: null, route: null });
        this.plugins.checkConfig(String(input.name), (input.config ?? {}) as Record<string, unknown>);
        return null;
      }
      const body = { ...item.body, service: service ? { id: service } : null, route: route ? { id: route } : null };
      // Kong's plugin identity besides the id: its name in its scope.
      return this.upsert(this.plugins, body, async () => {
        const sameName = await this.pluginsRepo.listByName(String(item.body.name));
        return sameName.find((p) => p.service_id === (service ?? null) && p.route_id === (route ?? null)) ?? null;
      });
    });
    const developers = await this.each(plan.developers, (item) => this.upsertDeveloper(item.body));
    const developerByEmail = new Map(developers.filter((d): d is DeveloperEntity => !!d).map((d) => [d.email, d]));
    // Applications of a developer whose own entry failed are checked but not written (that problem is reported once).
    const failedEmails = new Set(plan.developers.filter((_, i) => !developers[i]).map((d) => normalizeEmail(String(d.body.email ?? ''))));
    const applications = await this.each(plan.applications, async (item) => {
      const email = normalizeEmail(item.developer ?? '');
      const developer = developerByEmail.get(email) ?? (item.developer ? await this.developersRepo.getByIdOrKey(item.developer) : null);
      if (!developer && failedEmails.has(email)) return checked(ApplicationFileSchema, item.body);
      if (!developer) throw fieldProblem('developer', `no developer '${item.developer}' in the file or the database`);
      return this.upsertApplication(developer, item.body);
    });
    await this.each(plan.instances, async (item) => {
      const application = applications[item.application];
      const service = await resolveService(item.service, `${item.place}.service`);
      if (!application || !service) return checked(InstanceFileSchema, item.body);
      return this.upsertInstance(application, service, item.body);
    });
    if (this.problems.length) throw new DeclarativeError(this.problems);
  }

  /**
   * An entity whose parent failed cannot be written, but its own mistakes are still worth reporting
   * in the same run: checked against its schema with a stand-in reference.
   */
  private checkOnly<E extends KongEntity>(resource: AdminResource<E>, body: Record<string, unknown>) {
    return validateEntity(resource, resource.createSchema, body, false, { wholeEntity: true });
  }

  /**
   * Runs `write` for every item, recording its problems under the item's place; null marks a
   * failure. Each item runs in its own savepoint, so a statement the database refuses (which on
   * PostgreSQL poisons the whole transaction) undoes only that item and the others are still checked.
   */
  private async each<I extends { place: string }, T>(items: I[], write: (item: I) => Promise<T | null>): Promise<(T | null)[]> {
    const out: (T | null)[] = [];
    // Two entries that land on one row (e.g. a consumer matched by the custom_id another entry has) are a mistake in the file.
    const writtenBy = new Map<string, string>();
    for (const item of items) {
      try {
        const result = await this.em.transaction(() => write(item));
        const id = typeof result === 'string' ? result : (result as { id?: string } | null)?.id;
        if (id && writtenBy.has(id)) throw new PorticoError(400, { message: `the same entity as ${writtenBy.get(id)}` }, 'duplicate');
        if (id) writtenBy.set(id, item.place);
        out.push(result);
      } catch (err) {
        if (!(err instanceof PorticoError)) throw err;
        this.problems.push(...problemsOf(item.place, err));
        out.push(null);
      }
    }
    return out;
  }

  private async upsert<E extends KongEntity>(resource: AdminResource<E>, body: Record<string, unknown>, find: () => Promise<E | null>): Promise<string> {
    const validated = validateEntity(resource, resource.createSchema, body, false, { wholeEntity: true });
    const existing = validated.id ? ((await resource.repository.getById(validated.id)) ?? (await find())) : await find();
    // Matched by name with another id: the database's id stays (references to it stay valid).
    const row = existing ? await replaceEntity(resource, existing, { ...validated, id: undefined }, null) : await insertEntity(resource, validated, null);
    return row.id;
  }

  private async byKey<E extends KongEntity>(repo: { getByIdOrKey(key: string): Promise<E | null> }, body: Record<string, unknown>, field: string): Promise<E | null> {
    const value = body[field];
    return typeof value === 'string' && value && !isUUID(value) ? repo.getByIdOrKey(value) : null;
  }

  /** An id from this file's items, or a name/id looked up in the database; undefined when the referenced item failed. */
  private async resolve(ref: Ref | null, fileIds: (string | null)[], repo: { getByIdOrKey(key: string): Promise<KongEntity | null> }, place: string, kind: string): Promise<string | null | undefined> {
    if (!ref) return null;
    if ('item' in ref) return fileIds[ref.item] ?? undefined;
    const row = await repo.getByIdOrKey(ref.key);
    if (row) return row.id;
    this.problems.push({ place, message: `no ${kind.slice(0, -1)} '${ref.key}' in the file or the database` });
    return undefined;
  }

  private async upsertDeveloper(body: Record<string, unknown>): Promise<DeveloperEntity> {
    const { id, ...input } = validateBody<DeveloperInput & { id?: string; email: string }>(DeveloperFileSchema, body);
    // The whole developer, as a file states it: what is left out goes back to its default.
    const stated = { status: Status.PENDING, custom_id: null, meta: null, tags: null, ...input };
    const existing = (id ? await this.developersRepo.getById(id) : null) ?? (await this.developersRepo.getByEmail(input.email));
    // Writes join the import's transaction, whose runner already carries the request's audit scope.
    if (existing) return this.developerService.update(existing, stated, null);
    // Created without a password (hashes are never exported); DevelopersService.create would require one.
    return this.developersRepo.insert({
      ...(id ? { id } : {}),
      email: normalizeEmail(stated.email),
      password_hash: NO_PASSWORD,
      status: toStatus(stated.status),
      custom_id: stated.custom_id,
      meta: stated.meta,
      tags: stated.tags,
      session_generation: 0,
    });
  }

  private async upsertApplication(developer: DeveloperEntity, body: Record<string, unknown>): Promise<ApplicationEntity> {
    const { id, ...input } = validateBody<Record<string, unknown> & { name: string; custom_id: string }>(ApplicationFileSchema, body);
    const existing = (typeof id === 'string' ? await this.applicationsRepo.getById(id) : null) ?? (await this.applicationsRepo.getByIdOrKey(input.custom_id));
    const fields = { description: null, redirect_uri: null, meta: null, tags: null, ...input };
    if (existing) {
      if (existing.developer_id !== developer.id) throw fieldProblem('developer', 'an existing application cannot move to another developer');
      return this.applicationService.update(existing, fields, 'administrator', null);
    }
    const created = await this.applicationService.create(developer, fields, null);
    // The service chose a fresh id; a file that names one keeps it, so exports round-trip.
    if (typeof id === 'string' && id !== created.id) {
      await this.em.update(ApplicationEntity, { id: created.id }, { id });
      created.id = id;
    }
    return created;
  }

  private async upsertInstance(application: ApplicationEntity, serviceId: string, body: Record<string, unknown>): Promise<string> {
    const { id, ...input } = validateBody<Record<string, unknown>>(InstanceFileSchema, body);
    const decision = { status: (input.status as number | string | undefined) ?? Status.PENDING, suspended: (input.suspended as boolean | undefined) ?? false, tags: (input.tags as string[] | undefined) ?? null };
    const existing = await this.store.transaction(null, (tx) => tx.instances.getByPair(application.id, serviceId));
    if (existing) return (await this.instanceService.update(existing, decision, null)).id;
    const created = await this.instanceService.create(application, serviceId, 'administrator', decision, null);
    if (typeof id === 'string' && id !== created.id) await this.em.update(ApplicationInstanceEntity, { id: created.id }, { id });
    return created.id;
  }
}

/** Checks an entity that cannot be written (its parent failed) for its own problems; null marks it unwritten. */
function checked(schema: TSchema, body: Record<string, unknown>): null {
  validateBody(schema, body);
  return null;
}

function fieldProblem(field: string, message: string): PorticoError {
  return new PorticoError(400, { message, fields: { [field]: message } }, 'schema_violation');
}
