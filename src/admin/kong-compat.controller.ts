import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadOnlyPost } from '../audit/read-only-post';
import { Errors } from '../common/http-errors';
import { kongField, kongFields } from '../common/kong-schema-format';
import { requestObject } from '../common/request-body';
import { KONG_COMPAT, type CompatKind } from '../common/kong-compat';
import type { KongEntity } from '../database/kong-entity';
import { PluginRegistry } from '../plugins/plugin-registry';
import { AdminCrudService } from './admin-crud.service';
import { DocList, DocRead } from './admin-docs';
import type { AdminResource } from '../resources/admin-resource';
import { validateEntity } from '../resources/entity-writes';
import { AclsResource } from '../resources/acls.resource';
import { ConsumersResource } from '../resources/consumers.resource';
import { PluginsResource } from '../resources/plugins.resource';
import { RoutesResource } from '../resources/routes.resource';
import { ServicesResource } from '../resources/services.resource';
import { ABSENT_KINDS, VALIDATION_PASSED } from './kong-compat-answers';


/** Kong's read-only columns, described as Kong describes them. */
const AUTO_FIELDS = [
  { id: { type: 'string', uuid: true, auto: true } },
  { created_at: { type: 'integer', timestamp: true, auto: true } },
  { updated_at: { type: 'integer', timestamp: true, auto: true } },
];

/** What Kong's own clients need beyond CRUD: decK's lists, schemas in Kong's format, validation. */
@ApiTags('kong compatibility')
@Controller()
export class KongCompatController {
  private readonly resources: Record<string, AdminResource<KongEntity>>;

  constructor(
    private readonly crud: AdminCrudService,
    private readonly registry: PluginRegistry,
    private readonly plugins: PluginsResource,
    private readonly acls: AclsResource,
    services: ServicesResource,
    routes: RoutesResource,
    consumers: ConsumersResource,
  ) {
    this.resources = { services, routes, consumers, plugins, acls } as unknown as Record<string, AdminResource<KongEntity>>;
  }

  @Get('acls')
  @DocList('List every ACL group membership (all consumers)')
  listAcls(@Query() query: Record<string, unknown>) {
    return this.crud.list(this.acls, query, '/acls');
  }

  @Get([...ABSENT_KINDS])
  @ApiOperation({ summary: 'Entity kinds Portico does not have: always an empty list (for decK)' })
  absent() {
    return { data: [], next: null };
  }

  @Get('schemas/plugins/:name')
  @DocRead("A plugin's schema in Kong's format (`fields`, with `config` as a record); the JSON Schema is in /docs")
  pluginSchema(@Param('name') name: string) {
    const definition = this.registry.get(name);
    if (!definition) throw Errors.notFound();
    return {
      fields: [
        ...AUTO_FIELDS.slice(0, 2),
        { name: { type: 'string', required: true } },
        { consumer: { type: 'foreign', reference: 'consumers', eq: null, default: null } },
        { service: { type: 'foreign', reference: 'services', default: null, ...(definition.scopes.includes('service') ? {} : { eq: null }) } },
        { route: { type: 'foreign', reference: 'routes', default: null, ...(definition.scopes.includes('route') ? {} : { eq: null }) } },
        { protocols: { type: 'set', required: true, default: ['http', 'https'], elements: { type: 'string', one_of: ['http', 'https'] } } },
        { enabled: { type: 'boolean', required: true, default: true } },
        { tags: { type: 'set', elements: { type: 'string' } } },
        { config: { ...kongField(definition.configSchema, true), type: 'record' } },
      ],
      portico: { scopes: definition.scopes, priority: definition.priority },
    };
  }

  @Get('schemas/:entity')
  @DocRead("An entity's schema in Kong's format (services, routes, consumers, plugins, acls)")
  entitySchema(@Param('entity') entity: string) {
    const resource = this.resource(entity);
    const skip = ['id', 'url', ...Object.keys(KONG_COMPAT[entity as CompatKind])];
    return { fields: [...AUTO_FIELDS, ...kongFields(resource.createSchema, { skip })] };
  }

  @Post('schemas/plugins/validate')
  @ReadOnlyPost()
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a plugin (its config included) without storing it' })
  validatePlugin(@Body() body: unknown) {
    const { input } = validateEntity(this.plugins, this.plugins.createSchema, requestObject(body), false, { wholeEntity: true });
    this.plugins.checkConfig(String(input.name), input.config as Record<string, unknown>);
    return VALIDATION_PASSED;
  }

  @Post('schemas/:entity/validate')
  @ReadOnlyPost()
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate an entity against its schema without storing it (`deck gateway validate`)' })
  validate(@Param('entity') entity: string, @Body() body: unknown) {
    const resource = this.resource(entity);
    validateEntity(resource, resource.createSchema, requestObject(body), false, { wholeEntity: true });
    return VALIDATION_PASSED;
  }

  private resource(entity: string): AdminResource<KongEntity> {
    const resource = Object.hasOwn(this.resources, entity) ? this.resources[entity] : undefined;
    if (!resource) throw Errors.notFound();
    return resource;
  }
}

