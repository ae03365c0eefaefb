import { DynamicModule, ExceptionFilter, INestApplicationContext } from '@nestjs/common';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { formatListen, LISTENER_NAMES, ListenerName, PorticoConfig } from './config/portico-config';
import { configureLogger, logger, NestPinoLogger } from './common/logger';
import { PorticoExceptionFilter } from './common/exception.filter';
import { answerUnmetExpectations, ClientErrorWitness, clientErrorFastifyOptions, closeWhenBodyUnread, limitRequestTarget } from './common/client-errors';
import { createCore } from './portico.module';
import { AdminAppModule, configureAdminApp } from './admin/admin-app.module';
import { PortalAppModule, configurePortalApp } from './portal/portal-app.module';
import { acceptEveryHttpMethod, ProxyAppModule, configureProxyApp, PROXY_FASTIFY_OPTIONS } from './proxy/proxy-app.module';
import { ProxyExceptionFilter } from './proxy/proxy-exception.filter';
import { StatusAppModule } from './observability/status-app.module';
import { witnessRefusedRequests } from './observability/client-error-observer';
import { RequestObserver } from './observability/request-observer';

interface ListenerSpec {
  /** `urls` fills in as the listeners start (the proxy first), for pages that show where to call. */
  module: (core: INestApplicationContext, urls: RunningPortico['urls']) => DynamicModule;
  fastify: (config: PorticoConfig) => FastifyServerOptions;
  /** Runs on the Fastify instance before Nest registers any route. */
  prepare?: (fastify: FastifyInstance) => void;
  configure?: (app: NestFastifyApplication, config: PorticoConfig) => void | Promise<void>;
  /** Answers errors; PorticoExceptionFilter unless the listener needs more. */
  filter?: () => ExceptionFilter;
  /** Counts and logs the requests Node's parser refuses (the proxy's, which are metered and logged). */
  witness?: (core: INestApplicationContext) => ClientErrorWitness;
}

/**
 * The admin, portal and status listeners: bodies of at most 1 MiB, and the whole request (head and
 * body) within twice the head's limit, PORTICO_HEADERS_TIMEOUT_MS (2 minutes by default). Fastify
 * turns Node's whole-request timeout off, which let a client that trickles a body hold a connection
 * open for ever. The proxy leaves it off: its bodies stream to the upstream under each service's
 * read_timeout.
 */
const managementFastifyOptions = (config: PorticoConfig): FastifyServerOptions => ({
  bodyLimit: 1024 * 1024,
  requestTimeout: 2 * config.headersTimeoutMs,
});

const LISTENERS: Record<ListenerName, ListenerSpec> = {
  proxy: {
    module: ProxyAppModule.with,
    fastify: () => PROXY_FASTIFY_OPTIONS,
    prepare: acceptEveryHttpMethod,
    configure: configureProxyApp,
    filter: () => new ProxyExceptionFilter(),
    witness: (core) => witnessRefusedRequests(core.get(RequestObserver).accessLog),
  },
  admin: { module: AdminAppModule.with, fastify: managementFastifyOptions, prepare: limitRequestTarget, configure: configureAdminApp },
  portal: { module: PortalAppModule.with, fastify: managementFastifyOptions, prepare: limitRequestTarget, configure: configurePortalApp },
  status: { module: StatusAppModule.with, fastify: managementFastifyOptions, prepare: limitRequestTarget },
};

export interface RunningPortico {
  core: INestApplicationContext;
  urls: Partial<Record<ListenerName, string>>;
  close(): Promise<void>;
}

export async function startPortico(config: PorticoConfig): Promise<RunningPortico> {
  configureLogger(config.logLevel);
  const nestLogger = new NestPinoLogger();
  const core = await createCore(config, nestLogger);

  const apps: NestFastifyApplication[] = [];
  const urls: RunningPortico['urls'] = {};
  try {
    for (const name of LISTENER_NAMES) {
      const address = config.listeners[name];
      if (!address) continue;
      if (name === 'portal' && config.declarativeConfig) {
        logger().warn({ listen: formatListen(address) }, 'the portal needs a database and is off in DB-less mode (PORTICO_DATABASE_URL=off)');
        continue;
      }
      const spec = LISTENERS[name];
      const witness = spec.witness?.(core);
      const adapter = new FastifyAdapter({
        logger: false,
        forceCloseConnections: 'idle',
        ...clientErrorFastifyOptions(config.headersTimeoutMs, witness),
        ...spec.fastify(config),
      });
      spec.prepare?.(adapter.getInstance());
      closeWhenBodyUnread(adapter.getInstance());
      answerUnmetExpectations(adapter.getInstance().server, witness);
      const app = await NestFactory.create<NestFastifyApplication>(
        spec.module(core, urls),
        adapter,
        // Nest's body parsers stay off: Fastify parses JSON itself, the admin API adds Kong's form parser, the proxy parses nothing.
        { logger: nestLogger, bodyParser: false },
      );
      apps.push(app);
      // Nest hands Fastify's own errors (unparseable bodies, unknown routes) to this filter too.
      app.useGlobalFilters(spec.filter?.() ?? new PorticoExceptionFilter());
      await spec.configure?.(app, config);
      await app.listen(address.port, address.host);
      const port = (app.getHttpServer().address() as { port: number }).port;
      urls[name] = `http://${formatListen({ host: address.host, port })}`;
      // Plain text on purpose: scripts and tests read these lines to learn the chosen ports.
      process.stdout.write(`portico: ${name} listening on ${urls[name]}\n`);
    }
  } catch (err) {
    // A listener that cannot open (EADDRINUSE…) must not leave the others, or the database, open.
    await Promise.allSettled(apps.map((app) => app.close()));
    await core.close().catch(() => undefined);
    throw err;
  }

  return {
    core,
    urls,
    async close() {
      // Nest runs destroy hooks (which close the shared upstream agents) before it stops its HTTP
      // server, which would cut in-flight proxied requests: stop accepting and drain every listener first.
      await drain(apps);
      await Promise.all(apps.map((app) => app.close()));
      await core.close();
    },
  };
}

/**
 * Stops accepting and waits for in-flight requests. A keep-alive connection that goes idle meanwhile
 * is closed at once: Node closes only the connections idle when closing starts, so a client's next
 * keep-alive request would otherwise hold the drain open until the client's own idle timeout.
 */
async function drain(apps: NestFastifyApplication[]): Promise<void> {
  const servers = apps.map((app) => app.getHttpServer() as Server);
  const sweep = setInterval(() => servers.forEach((server) => server.closeIdleConnections()), 50);
  try {
    await Promise.all(apps.map((app) => app.getHttpAdapter().close()));
  } finally {
    clearInterval(sweep);
  }
}

/**
 * SIGTERM: stop accepting, let in-flight requests finish (bounded), then exit 0. Installed before
 * start-up finishes (hence the promise): a signal that arrives while the listeners are opening,
 * e.g. right after the first start-up line, must shut down cleanly rather than kill the process.
 */
export function closeOnSignals(starting: Promise<RunningPortico>, drainMs = 10_000): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger().info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger().warn({ drainMs }, 'in-flight requests did not finish in time; exiting');
      process.exit(0);
    }, drainMs);
    force.unref();
    starting.then((running) => running.close()).then(
      () => process.exit(0),
      (err) => {
        logger().error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
