import { join } from 'node:path';
import type { ChildProcesses, ManagedChild } from './child-processes';
import { GATEWAY_CPU } from './cpu-pinning';

const CLI = join(__dirname, '..', 'src', 'cli.js');
const START_TIMEOUT_MS = 30_000;
const ADMIN_TIMEOUT_MS = 10_000;

export interface PorticoOptions {
  /** Run the gateway under `node --cpu-prof`, writing the profile here when it exits. */
  cpuProfileDir?: string;
  /** Extra PORTICO_* settings (e.g. PORTICO_ACCESS_LOG). */
  env?: Record<string, string>;
}

/** The built gateway (dist/), as users run it, on random loopback ports with SQLite in memory. */
export class PorticoUnderTest {
  private constructor(
    private readonly child: ManagedChild,
    readonly proxyUrl: string,
    readonly adminUrl: string,
  ) {}

  static async start(children: ChildProcesses, options: PorticoOptions = {}): Promise<PorticoUnderTest> {
    const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const child = children.spawn('portico', process.execPath, [...nodeArgs, CLI, 'start'], {
      cpu: GATEWAY_CPU,
      // Only what the gateway needs, so settings in the caller's shell cannot change what is measured.
      env: {
        PATH: process.env.PATH ?? '',
        PORTICO_PROXY_LISTEN: '127.0.0.1:0',
        PORTICO_ADMIN_LISTEN: '127.0.0.1:0',
        PORTICO_PORTAL_LISTEN: '127.0.0.1:0',
        PORTICO_STATUS_LISTEN: '127.0.0.1:0',
        PORTICO_DATABASE_URL: 'sqlite::memory:',
        PORTICO_LOG_LEVEL: 'warn',
        ...options.env,
      },
    });
    const proxy = await child.waitFor(/^portico: proxy listening on (\S+)$/m, START_TIMEOUT_MS);
    const admin = await child.waitFor(/^portico: admin listening on (\S+)$/m, START_TIMEOUT_MS);
    // The status listener opens last; until it has, the gateway is still loading modules, which would
    // land in the first measurements and in a CPU profile's per-request figures.
    await child.waitFor(/^portico: status listening on (\S+)$/m, START_TIMEOUT_MS);
    return new PorticoUnderTest(child, proxy[1], admin[1]);
  }

  get pid(): number {
    return this.child.pid;
  }

  /** SIGTERM (the gateway flushes its access log and closes its listeners), SIGKILL after a grace period. */
  stop(): Promise<void> {
    return this.child.stop();
  }

  /** What the gateway printed lately (warnings such as upstream failures). */
  get output(): string {
    return this.child.output;
  }

  /** One Admin API call; a non-2xx answer is an error carrying the body. */
  async admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.adminUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Admin API ${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Names of the plugins this build ships (GET / → plugins.available_on_server, a list or Kong's name-keyed map). */
  async availablePlugins(): Promise<string[]> {
    const root = await this.admin<{ plugins?: { available_on_server?: string[] | Record<string, unknown> } }>('GET', '/');
    const available = root.plugins?.available_on_server ?? [];
    return Array.isArray(available) ? available : Object.keys(available);
  }

  /** A service pointing at url with one route on path, and optionally a plugin on the service. */
  async addService(name: string, url: string, path: string, plugin?: { name: string; config: Record<string, unknown> }): Promise<void> {
    await this.admin('POST', '/services', { name, url });
    await this.admin('POST', `/services/${name}/routes`, { name, paths: [path] });
    if (plugin) await this.admin('POST', `/services/${name}/plugins`, plugin);
  }
}
