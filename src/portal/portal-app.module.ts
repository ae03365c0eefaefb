import { DynamicModule, Global, INestApplicationContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SharedCoreModule } from '../core/core.module';
import { DeveloperSessionGuard } from './developer-session.guard';
import { requireJsonWrites } from './json-only.hook';
import { installAuditTrail } from '../audit/audit-trail';
import type { PorticoConfig } from '../config/portico-config';
import { attachedDeveloper } from './current-developer';
import { PORTAL_FEATURES } from './portal-features';
import { PORTAL_SESSION_COOKIE, PortalSessionService } from './portal-session.service';
import { PUBLIC_EXTENSION } from './public.decorator';

const SESSION_SECURITY = 'portal_session';

/** Portal-wide services every feature's controllers may use (the session cookie). */
@Global()
@Module({ providers: [PortalSessionService], exports: [PortalSessionService] })
class PortalSessionModule {}

@Module({})
export class PortalAppModule {
  static with(core: INestApplicationContext): DynamicModule {
    return {
      module: PortalAppModule,
      imports: [SharedCoreModule.from(core), PortalSessionModule, ...PORTAL_FEATURES],
      // Deny by default: every route needs a developer session unless it is marked @Public().
      providers: [{ provide: APP_GUARD, useClass: DeveloperSessionGuard }],
    };
  }
}

export function configurePortalApp(app: NestFastifyApplication, config: PorticoConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  requireJsonWrites(fastify);
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
      .build(),
  );
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
