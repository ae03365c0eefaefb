import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SharedCoreModule } from '../core/core.module';
import { PORTAL_FEATURES } from './portal-features';

@Module({})
export class PortalAppModule {
  static with(core: INestApplicationContext): DynamicModule {
    return { module: PortalAppModule, imports: [SharedCoreModule.from(core), ...PORTAL_FEATURES] };
  }
}

export function configurePortalApp(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Portico Portal API')
      .setDescription('Developer portal: register, log in, manage applications and request access to services.')
      .addCookieAuth('portico_portal_session')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
