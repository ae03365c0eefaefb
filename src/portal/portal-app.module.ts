import { DynamicModule, Global, INestApplicationContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { refuseCrossOriginWrites } from '../common/cross-origin-writes.hook';
import { nameBodies } from '../common/openapi-bodies';
import { SharedInstancesModule } from '../common/shared-instances.module';
import { PORTICO_CONFIG } from '../config/config.token';
import { DatabaseModule } from '../database/database.module';
import { GatewayModule } from '../gateway/gateway.module';
import { ApplicationsModule } from '../applications/applications.module';
import { AuditModule } from '../audit/audit.module';
import { LISTENER_URLS, ListenerUrls } from '../web/listener-urls';
import { WebAssetsController } from '../web/web-assets.controller';
import { DeveloperSessionGuard } from './developer-session.guard';
import { requireJsonWrites } from './json-only.hook';
import { PORTAL_BODY_NAMING } from './portal-docs';
import { installAuditTrail } from '../audit/audit-trail';
import type { PorticoConfig } from '../config/portico-config';
import { attachedDeveloper } from './current-developer';
import { PORTAL_FEATURES } from './portal-features';
import { PortalPagesController } from './portal-pages.controller';
import { PORTAL_SESSION_COOKIE, PortalSessionService } from './portal-session.service';
import { PUBLIC_EXTENSION } from '../web/public.decorator';

const SESSION_SECURITY = 'portal_session';

/** The feature modules whose services the portal uses (their instances come from the core context). */
const PORTAL_USES = [DatabaseModule, GatewayModule, ApplicationsModule, AuditModule];

/** Portal-wide services every feature's controllers may use (the session cookie). */
@Global()
@Module({ providers: [PortalSessionService], exports: [PortalSessionService] })
class PortalSessionModule {}

@Module({})
export class PortalAppModule {
  static with(core: INestApplicationContext, urls: ListenerUrls = {}): DynamicModule {
    return {
      module: PortalAppModule,
      imports: [SharedInstancesModule.from(core, PORTAL_USES, [PORTICO_CONFIG]), PortalSessionModule, ...PORTAL_FEATURES],
      controllers: [PortalPagesController, WebAssetsController],
      // Deny by default: every route needs a developer session unless it is marked @Public().
      providers: [{ provide: APP_GUARD, useClass: DeveloperSessionGuard }, { provide: LISTENER_URLS, useValue: urls }],
    };
  }
}

export function configurePortalApp(app: NestFastifyApplication, config: PorticoConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  requireJsonWrites(fastify);
  refuseCrossOriginWrites(fastify);
  installAuditTrail(app, 'portal', config, (request) => attachedDeveloper(request)?.email ?? 'anonymous');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Portico Portal API')
      .setDescription(
        'Developer portal: register, log in, manage applications and request access to services. ' +
          'Log in with `GET /auth` (Basic email:password) to get the session cookie; write requests must be JSON.',
      )
      .addCookieAuth(PORTAL_SESSION_COOKIE, { type: 'apiKey', description: 'Set by GET /auth.' }, SESSION_SECURITY)
      .addSecurityRequirements(SESSION_SECURITY)
      .setOpenAPIVersion('3.1.0')
      .build(),
  );
  nameBodies(document as never, PORTAL_BODY_NAMING);
  SwaggerModule.setup('docs', app, markPublicOperations(document), { jsonDocumentUrl: 'docs-json' });
}

/** Operations marked @Public() need no session: their OpenAPI security is emptied. */
function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (operation && typeof operation === 'object' && PUBLIC_EXTENSION in operation) {
        delete (operation as Record<string, unknown>)[PUBLIC_EXTENSION];
        (operation as { security?: unknown[] }).security = [];
      }
    }
  }
  return document;
}
