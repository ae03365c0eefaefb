import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PluginRegistry } from '../plugins/plugin-registry';
import type { PorticoConfig } from '../config/portico-config';
import { SharedInstancesModule } from '../common/shared-instances.module';
import { PORTICO_CONFIG } from '../config/config.token';
import { DatabaseModule } from '../database/database.module';
import { GatewayModule } from '../gateway/gateway.module';
import { ConsumersModule } from '../consumers/consumers.module';
import { ApplicationsModule } from '../applications/applications.module';
import { PluginsModule } from '../plugins/plugins.module';
import { ProxyModule } from '../proxy/proxy.module';
import { ObservabilityModule } from '../observability/observability.module';
import { AuditModule } from '../audit/audit.module';
import { DeclarativeModule } from '../declarative/declarative.module';
import { AdminCrudService } from './admin-crud.service';
import { AdminRootController } from './admin-root.controller';
import { registerKongFormParser } from './admin-body';
import { requireAdminToken } from './admin-token.hook';
import { crudController } from './crud-controller';
import { ConsumerAclsController, RoutePluginsController, ServicePluginsController, ServiceRoutesController } from './nested.controllers';
import { AclsResource } from '../resources/acls.resource';
import { ConsumerSchema, ConsumersResource } from '../resources/consumers.resource';
import { PluginSchema, PluginsResource } from '../resources/plugins.resource';
import { RouteSchema, RoutesResource } from '../resources/routes.resource';
import { ServiceSchema, ServicesResource } from '../resources/services.resource';
import { ADMIN_FEATURES } from './admin-features';
import { KongCompatController } from './kong-compat.controller';
import { DeclarativeConfigController } from './declarative-config.controller';
import { acceptYamlBodies, refuseWritesWhenDbless } from './dbless.hook';
import { ADMIN_BODY_NAMING } from './admin-docs';
import { nameBodies } from '../common/openapi-bodies';
import { AdminBrowserSessions } from './manager/admin-browser-sessions';
import { ManagerPagesController } from './manager/manager-pages.controller';
import { refuseCrossOriginWrites } from '../common/cross-origin-writes.hook';
import { WebAssetsController } from '../web/web-assets.controller';
import { OperatingController } from '../observability/operating.controller';
import { AuditController } from '../audit/audit.controller';
import { installAuditTrail } from '../audit/audit-trail';
import { PipelineTracer } from '../proxy/trace/pipeline-tracer';
import { TraceController } from './trace.controller';
import { warnAboutUnauthenticatedRegistration } from './registration-warning.hook';
import { PluginsRepository } from '../gateway/plugins.repository';
import { RouteTableService } from '../proxy/route-table';

/** The feature modules whose services the Admin API uses (their instances come from the core context). */
const ADMIN_USES = [DatabaseModule, GatewayModule, ConsumersModule, ApplicationsModule, PluginsModule, ProxyModule, ObservabilityModule, AuditModule, DeclarativeModule];

const RESOURCES = [ServicesResource, RoutesResource, ConsumersResource, AclsResource, PluginsResource];

const CRUD_CONTROLLERS = [
  crudController({ path: 'services', singular: 'service', keyDescription: 'Service id or name', resource: ServicesResource, schema: ServiceSchema }),
  crudController({ path: 'routes', singular: 'route', keyDescription: 'Route id or name', resource: RoutesResource, schema: RouteSchema }),
  crudController({ path: 'consumers', singular: 'consumer', keyDescription: 'Consumer id, username or custom_id', resource: ConsumersResource, schema: ConsumerSchema }),
  crudController({ path: 'plugins', singular: 'plugin', keyDescription: 'Plugin id', resource: PluginsResource, schema: PluginSchema }),
];

@Module({})
export class AdminAppModule {
  static with(core: INestApplicationContext): DynamicModule {
    return {
      module: AdminAppModule,
      imports: [SharedInstancesModule.from(core, ADMIN_USES, [PORTICO_CONFIG]), ...ADMIN_FEATURES],
      controllers: [
        AdminRootController,
        OperatingController,
        AuditController,
        TraceController,
        ...CRUD_CONTROLLERS,
        ServiceRoutesController,
        ServicePluginsController,
        RoutePluginsController,
        ConsumerAclsController,
        KongCompatController,
        DeclarativeConfigController,
        ManagerPagesController,
        WebAssetsController,
      ],
      providers: [AdminCrudService, AdminBrowserSessions, PipelineTracer, ...RESOURCES],
      exports: [AdminCrudService, ...RESOURCES],
    };
  }
}

export function configureAdminApp(app: NestFastifyApplication, config: PorticoConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  const browserSessions = app.get(AdminBrowserSessions);
  requireAdminToken(fastify, config.adminToken, (request) => browserSessions.admits(request));
  installAuditTrail(app, 'admin', config, (_request, reply) =>
    config.adminToken === null ? 'admin' : reply.statusCode === 401 ? 'unauthenticated' : 'admin-token',
  );
  refuseCrossOriginWrites(fastify);
  registerKongFormParser(fastify);
  acceptYamlBodies(fastify);
  if (config.declarativeConfig) refuseWritesWhenDbless(fastify);
  warnAboutUnauthenticatedRegistration(fastify, app.get(PluginsRepository), app.get(RouteTableService));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Portico Admin API')
      .setDescription(
        'Kong-compatible Admin API: services, routes, consumers, plugins, developers and applications. ' +
          'Bodies may be JSON or form-urlencoded with Kong conventions (`paths[]=/a`, `config.issuer=…`).',
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'PORTICO_ADMIN_TOKEN, when configured' })
      .addSecurityRequirements('bearer')
      .setOpenAPIVersion('3.1.0')
      .build(),
  );
  addPluginConfigSchemas(document, app.get(PluginRegistry));
  nameBodies(document as never, ADMIN_BODY_NAMING);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Each plugin's `config` schema — the one that validates it and GET /schemas/plugins/{name} serves —
 * as a named component, so /docs shows every field with its description and default.
 */
function addPluginConfigSchemas(document: OpenAPIObject, registry: PluginRegistry): void {
  const schemas = (document.components ??= {}).schemas ??= {};
  for (const name of registry.names()) {
    const definition = registry.get(name)!;
    schemas[`PluginConfig-${name}`] = {
      ...(definition.configSchema as object),
      description: `\`config\` of the ${name} plugin (scopes: ${definition.scopes.join(', ')}). Defaults are filled in on write.`,
    };
  }
}
