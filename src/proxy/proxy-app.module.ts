import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { METHODS, Server } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { SharedInstancesModule } from '../common/shared-instances.module';
import { ObservabilityModule } from '../observability/observability.module';
import { ProxyModule } from './proxy.module';
import { ForwardController } from './pipeline/forward.controller';
import { PROXY_PIPELINE } from './pipeline/pipeline';
import { routeUpgradesThroughPipeline } from './websocket-upgrade';

export const PROXY_FASTIFY_OPTIONS: FastifyServerOptions = {
  // Every request goes to the one catch-all handler; Portico's own matcher routes it (the client's
  // target stays in req.originalUrl). Fastify's router never sees, rejects or decodes client paths.
  rewriteUrl: () => '/',
  keepAliveTimeout: 65_000,
  requestTimeout: 0,
};

@Module({})
export class ProxyAppModule {
  static with(core: INestApplicationContext): DynamicModule {
    return {
      module: ProxyAppModule,
      imports: [SharedInstancesModule.from(core, [ProxyModule, ObservabilityModule])],
      controllers: [ForwardController],
      providers: [...PROXY_PIPELINE],
    };
  }
}

/**
 * Fastify knows a handful of methods; a gateway forwards whatever Node's parser accepts (WebDAV,
 * PURGE, LINK…), so a route with `methods: [PURGE]` can match. Must run before the catch-all route is
 * registered, which takes the methods known at that moment. CONNECT opens a tunnel: not forwarded.
 */
export function acceptEveryHttpMethod(fastify: FastifyInstance): void {
  for (const method of METHODS) {
    if (method !== 'CONNECT' && !fastify.supportedMethods.includes(method)) fastify.addHttpMethod(method, { hasBody: true });
  }
}

/**
 * The proxy never parses bodies: the raw request stream goes to the upstream untouched. Node would
 * answer `Expect: 100-continue` itself before any handler runs; here the request goes through the
 * pipeline unanswered and the forwarder sends `100 Continue` once it passed (a denial goes without one,
 * and Node then closes the connection). WebSocket upgrades take the same pipeline.
 */
export function configureProxyApp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null));
  const server = app.getHttpServer() as Server;
  server.on('checkContinue', (req, res) => server.emit('request', req, res));
  const closeUpgraded = routeUpgradesThroughPipeline(server);
  fastify.addHook('preClose', (done) => {
    closeUpgraded();
    done();
  });
}
