/**
 * Run by portal-route-guards.e2e-spec.ts in its own Node process (Nest is ESM-only, which jest's
 * loader cannot require): starts the built gateway in-process, walks the controller metadata of the
 * admin and portal applications — every module they import, feature modules included — and calls
 * every route without credentials. Prints one line, `walker: <JSON>`.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';

const dist = join(__dirname, '..', '..', 'dist', 'src');
/* eslint-disable @typescript-eslint/no-require-imports -- the built gateway, loaded at run time */
const { loadConfig } = require(join(dist, 'config', 'portico-config.js'));
const { startPortico } = require(join(dist, 'listeners.js'));
const { AdminAppModule } = require(join(dist, 'admin', 'admin-app.module.js'));
const { PortalAppModule } = require(join(dist, 'portal', 'portal-app.module.js'));
const { IS_PUBLIC } = require(join(dist, 'web', 'public.decorator.js'));
const { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } = require('@nestjs/common/constants');
const { RequestMethod } = require('@nestjs/common');
/* eslint-enable @typescript-eslint/no-require-imports */

export interface WalkedRoute {
  listener: 'admin' | 'portal';
  method: string;
  path: string;
  controller: string;
  public: boolean;
  status: number;
  body: string;
}

type ModuleRef = Type | DynamicModule;

function controllersOf(root: ModuleRef): Type[] {
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const visit = (ref: ModuleRef) => {
    if (!ref || seen.has(ref)) return;
    seen.add(ref);
    const dynamic = 'module' in ref ? (ref as DynamicModule) : null;
    const moduleClass = dynamic ? dynamic.module : (ref as Type);
    controllers.push(...(dynamic?.controllers ?? []), ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []));
    for (const imported of [...(dynamic?.imports ?? []), ...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? [])]) visit(imported as ModuleRef);
  };
  visit(root);
  return controllers;
}

const paths = (value: string | string[] | undefined) => (Array.isArray(value) ? value : [value ?? '']);

function routesOf(controller: Type) {
  const routes: { method: string; path: string; controller: string; public: boolean }[] = [];
  for (const name of Object.getOwnPropertyNames(controller.prototype)) {
    const handler = controller.prototype[name];
    if (name === 'constructor' || typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
    const isPublic = Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller) ?? false;
    for (const prefix of paths(Reflect.getMetadata(PATH_METADATA, controller))) {
      for (const path of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
        const full = `/${[prefix, path].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        routes.push({ method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)], path: full, controller: controller.name, public: isPublic });
      }
    }
  }
  return routes;
}

async function call(baseUrl: string, method: string, path: string): Promise<{ status: number; body: string }> {
  const url = baseUrl + path.replace(/:\w+/g, () => randomUUID()).replace(/\*/g, 'x');
  // A well-formed JSON body, so the answer is about credentials, not about the content type.
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
  const res = await fetch(url, { method, headers: withBody ? { 'content-type': 'application/json' } : {}, body: withBody ? '{}' : undefined });
  return { status: res.status, body: await res.text() };
}

async function main() {
  const config = loadConfig({
    PORTICO_PROXY_LISTEN: 'off',
    PORTICO_ADMIN_LISTEN: '127.0.0.1:0',
    PORTICO_PORTAL_LISTEN: '127.0.0.1:0',
    PORTICO_DATABASE_URL: 'sqlite::memory:',
    PORTICO_ADMIN_TOKEN: 'route-walker-token',
    PORTICO_LOG_LEVEL: 'error',
  });
  const running = await startPortico(config);
  const core: INestApplicationContext = running.core;
  const walked: WalkedRoute[] = [];
  try {
    for (const [listener, module] of [
      ['admin', AdminAppModule.with(core)],
      ['portal', PortalAppModule.with(core)],
    ] as const) {
      for (const route of controllersOf(module).flatMap(routesOf)) {
        walked.push({ listener, ...route, ...(await call(running.urls[listener], route.method, route.path)) });
      }
    }
  } finally {
    await running.close();
  }
  process.stdout.write(`walker: ${JSON.stringify(walked)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`walker failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
