import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Errors } from '../common/http-errors';
import { forUpdate } from '../common/kong-schema';
import { AdminCrudService } from './admin-crud.service';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';
import { AclSchema, AclsResource } from '../resources/acls.resource';
import { ConsumersResource } from '../resources/consumers.resource';
import { PluginSchema, PluginsResource } from '../resources/plugins.resource';
import { RouteSchema, RoutesResource } from '../resources/routes.resource';
import { ServicesResource } from '../resources/services.resource';

/** Routes addressed through their service: /services/{service}/routes. */
@ApiTags('routes')
@ApiParam({ name: 'service', description: 'Service id or name' })
@Controller('services/:service/routes')
export class ServiceRoutesController {
  constructor(
    private readonly crud: AdminCrudService,
    private readonly services: ServicesResource,
    private readonly routes: RoutesResource,
  ) {}

  @Get()
  @DocList("List a service's routes")
  async list(@Param('service') key: string, @Query() query: Record<string, unknown>) {
    const service = await this.services.repository.getByIdOrKeyOrFail(key);
    return this.crud.list(this.routes, query, `/services/${key}/routes`, (qb) => qb.andWhere('e.service_id = :sid', { sid: service.id }));
  }

  @Post()
  @DocWrite('Create a route for this service', RouteSchema)
  async create(@Param('service') key: string, @Body() body: unknown) {
    const service = await this.services.repository.getByIdOrKeyOrFail(key);
    return this.crud.create(this.routes, body, { service: { id: service.id } });
  }
}

/** Plugins scoped to a service or a route: /services/{service}/plugins, /routes/{route}/plugins. */
@ApiTags('plugins')
@Controller()
export class ScopedPluginsController {
  constructor(
    private readonly crud: AdminCrudService,
    private readonly services: ServicesResource,
    private readonly routes: RoutesResource,
    private readonly plugins: PluginsResource,
  ) {}

  @Get('services/:service/plugins')
  @DocList("List a service's plugins")
  async listForService(@Param('service') key: string, @Query() query: Record<string, unknown>) {
    const service = await this.services.repository.getByIdOrKeyOrFail(key);
    return this.crud.list(this.plugins, query, `/services/${key}/plugins`, (qb) => qb.andWhere('e.service_id = :sid', { sid: service.id }));
  }

  @Post('services/:service/plugins')
  @DocWrite('Add a plugin to this service', PluginSchema)
  async createForService(@Param('service') key: string, @Body() body: unknown) {
    const service = await this.services.repository.getByIdOrKeyOrFail(key);
    return this.crud.create(this.plugins, body, { service: { id: service.id } });
  }

  @Get('routes/:route/plugins')
  @DocList("List a route's plugins")
  async listForRoute(@Param('route') key: string, @Query() query: Record<string, unknown>) {
    const route = await this.routes.repository.getByIdOrKeyOrFail(key);
    return this.crud.list(this.plugins, query, `/routes/${key}/plugins`, (qb) => qb.andWhere('e.route_id = :rid', { rid: route.id }));
  }

  @Post('routes/:route/plugins')
  @DocWrite('Add a plugin to this route', PluginSchema)
  async createForRoute(@Param('route') key: string, @Body() body: unknown) {
    const route = await this.routes.repository.getByIdOrKeyOrFail(key);
    return this.crud.create(this.plugins, body, { route: { id: route.id } });
  }
}

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
    return this.crud.list(this.acls, query, `/consumers/${key}/acls`, (qb) => qb.andWhere('e.consumer_id = :cid', { cid: consumerId }));
  }

  @Post()
  @DocWrite('Add the consumer to an ACL group', AclSchema)
  async create(@Param('consumer') key: string, @Body() body: unknown) {
    return this.crud.create(this.acls, body, { consumer: { id: await this.consumerId(key) } });
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
  async update(@Param('consumer') key: string, @Param('acl') acl: string, @Body() body: unknown) {
    const row = await this.acls.repository.getForConsumer(await this.consumerId(key), acl);
    if (!row) throw Errors.notFound();
    return this.crud.updateRow(this.acls, row, body);
  }

  @Put(':acl')
  @DocWrite('Create or replace an ACL membership under this id or group (decK writes this way)', AclSchema, 200)
  async put(@Param('consumer') key: string, @Param('acl') acl: string, @Body() body: unknown) {
    const consumerId = await this.consumerId(key);
    return this.crud.put(this.acls, acl, body, { consumer: { id: consumerId } }, (k) => this.acls.repository.getForConsumer(consumerId, k));
  }

  @Delete(':acl')
  @HttpCode(204)
  @DocDelete('Remove the consumer from an ACL group')
  async remove(@Param('consumer') key: string, @Param('acl') acl: string) {
    const row = await this.acls.repository.getForConsumer(await this.consumerId(key), acl);
    if (row) await this.crud.deleteRow(this.acls, row);
  }
}
