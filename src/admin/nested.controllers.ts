import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Type } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { Errors } from '../common/http-errors';
import { forUpdate } from '../common/kong-schema';
import type { KongEntity } from '../database/kong-entity';
import type { RouteEntity } from '../gateway/route.entity';
import type { ServiceEntity } from '../gateway/service.entity';
import type { PluginEntity } from '../gateway/plugin.entity';
import { AdminCrudService, type ListRows } from './admin-crud.service';
import type { AdminResource } from '../resources/admin-resource';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';
import { AclSchema, AclsResource } from '../resources/acls.resource';
import { ConsumersResource } from '../resources/consumers.resource';
import { PluginSchema, PluginsResource } from '../resources/plugins.resource';
import { RouteSchema, RoutesResource } from '../resources/routes.resource';
import { ServicesResource } from '../resources/services.resource';

/** One kind of entity listed and created under a parent: routes under a service, plugins under a service or a route. */
interface ChildCollection<P extends KongEntity, C extends KongEntity> {
  /** URL segment of the parent ("services") and its parameter ("service"), which is also the child's link field. */
  parentPath: string;
  parentParam: string;
  parentDescription: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each resource has its own entity type
  parent: Type<AdminResource<any>>;
  childPath: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each resource has its own entity type
  child: Type<AdminResource<any>>;
  schema: TSchema;
  listSummary: string;
  createSummary: string;
  /** The children of one parent, a page at a time (the child repository's narrow query). */
  rows(child: AdminResource<C>, parent: P): ListRows<C>;
}

/**
 * `/{parents}/{parent}/{children}`: list and create, defined once for every parent a child kind has
 * (created children get the parent as their link, e.g. `service: {id}`).
 */
function childCollectionController<P extends KongEntity, C extends KongEntity>(options: ChildCollection<P, C>): Type {
  const { parentPath, parentParam, childPath } = options;

  @ApiTags(childPath)
  @ApiParam({ name: parentParam, description: options.parentDescription })
  @Controller(`${parentPath}/:${parentParam}/${childPath}`)
  class ChildCollectionController {
    constructor(
      readonly crud: AdminCrudService,
      readonly parent: AdminResource<P>,
      readonly child: AdminResource<C>,
    ) {}

    @Get()
    @DocList(options.listSummary)
    async list(@Param(parentParam) key: string, @Query() query: Record<string, unknown>) {
      const parent = await this.parent.repository.getByIdOrKeyOrFail(key);
      return this.crud.list(this.child, query, `/${parentPath}/${key}/${childPath}`, options.rows(this.child, parent));
    }

    @Post()
    @DocWrite(options.createSummary, options.schema)
    async create(@Param(parentParam) key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      const parent = await this.parent.repository.getByIdOrKeyOrFail(key);
      return this.crud.create(this.child, body, audit, { [parentParam]: { id: parent.id } });
    }
  }

  Reflect.defineMetadata('design:paramtypes', [AdminCrudService, options.parent, options.child], ChildCollectionController);
  const name = (path: string) => path[0].toUpperCase() + path.slice(1, -1);
  Object.defineProperty(ChildCollectionController, 'name', { value: `${name(parentPath)}${name(childPath)}sController` });
  return ChildCollectionController;
}

/** Routes and plugins both hang off a service. */
const UNDER_SERVICE = { parentPath: 'services', parentParam: 'service', parentDescription: 'Service id or name', parent: ServicesResource };

export const ServiceRoutesController = childCollectionController<ServiceEntity, RouteEntity>({
  ...UNDER_SERVICE,
  childPath: 'routes',
  child: RoutesResource,
  schema: RouteSchema,
  listSummary: "List a service's routes",
  createSummary: 'Create a route for this service',
  rows: (routes, service) => (page) => (routes as RoutesResource).repository.listByService(service.id, page),
});

export const ServicePluginsController = childCollectionController<ServiceEntity, PluginEntity>({
  ...UNDER_SERVICE,
  childPath: 'plugins',
  child: PluginsResource,
  schema: PluginSchema,
  listSummary: "List a service's plugins",
  createSummary: 'Add a plugin to this service',
  rows: (plugins, service) => (page) => (plugins as PluginsResource).repository.listByService(service.id, page),
});

export const RoutePluginsController = childCollectionController<RouteEntity, PluginEntity>({
  parentPath: 'routes',
  parentParam: 'route',
  parentDescription: 'Route id or name',
  parent: RoutesResource,
  childPath: 'plugins',
  child: PluginsResource,
  schema: PluginSchema,
  listSummary: "List a route's plugins",
  createSummary: 'Add a plugin to this route',
  rows: (plugins, route) => (page) => (plugins as PluginsResource).repository.listByRoute(route.id, page),
});

/** A consumer's ACL group memberships: /consumers/{consumer}/acls[/{group or id}]. */
@ApiTags('consumers')
@ApiParam({ name: 'consumer', description: 'Consumer id, username or custom_id' })
@Controller('consumers/:consumer/acls')
export class ConsumerAclsController {
  constructor(
    private readonly crud: AdminCrudService,
    private readonly consumers: ConsumersResource,
    private readonly acls: AclsResource,
  ) {}

  private async consumerId(key: string): Promise<string> {
    return (await this.consumers.repository.getByIdOrKeyOrFail(key)).id;
  }

  @Get()
  @DocList("List a consumer's ACL groups")
  async list(@Param('consumer') key: string, @Query() query: Record<string, unknown>) {
    const consumerId = await this.consumerId(key);
    return this.crud.list(this.acls, query, `/consumers/${key}/acls`, (page) => this.acls.repository.listByConsumer(consumerId, page));
  }

  @Post()
  @DocWrite('Add the consumer to an ACL group', AclSchema)
  async create(@Param('consumer') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    return this.crud.create(this.acls, body, audit, { consumer: { id: await this.consumerId(key) } });
  }

  @Get(':acl')
  @DocRead('Get one ACL membership (by id or group)')
  async get(@Param('consumer') key: string, @Param('acl') acl: string) {
    const row = await this.acls.repository.getForConsumer(await this.consumerId(key), acl);
    if (!row) throw Errors.notFound();
    return this.acls.toJson(row);
  }

  @Patch(':acl')
  @DocWrite('Update an ACL membership', forUpdate(AclSchema), 200)
  async update(@Param('consumer') key: string, @Param('acl') acl: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const row = await this.acls.repository.getForConsumer(await this.consumerId(key), acl);
    if (!row) throw Errors.notFound();
    return this.crud.updateRow(this.acls, row, body, audit);
  }

  @Put(':acl')
  @DocWrite('Create or replace an ACL membership under this id or group (decK writes this way)', AclSchema, 200)
  async put(@Param('consumer') key: string, @Param('acl') acl: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const consumerId = await this.consumerId(key);
    return this.crud.put(this.acls, acl, body, audit, { consumer: { id: consumerId } }, (k) => this.acls.repository.getForConsumer(consumerId, k));
  }

  @Delete(':acl')
  @HttpCode(204)
  @DocDelete('Remove the consumer from an ACL group')
  async remove(@Param('consumer') key: string, @Param('acl') acl: string, @RequestAudit() audit: AuditScope) {
    const row = await this.acls.repository.getForConsumer(await this.consumerId(key), acl);
    if (row) await this.crud.deleteRow(this.acls, row, audit);
  }
}
