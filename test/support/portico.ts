import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createDatabase, testDatabaseKind } from './postgres';

const CLI = builtCli();

/**
 * The built CLI, wherever this file runs from: as TypeScript under jest (test/support, the CLI in the
 * repository's dist/) or compiled (dist/test/support, the CLI beside it in the same build, whose root
 * also holds a copy of package.json).
 */
function builtCli(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const compiled = join(dir, 'src', 'cli.js');
      return existsSync(compiled) ? compiled : join(dir, 'dist', 'src', 'cli.js');
    }
    if (dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

export interface PorticoOptions {
  /** Extra PORTICO_* variables; listeners default to 127.0.0.1:0 and the database to SQLite in memory. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * The real gateway, built by `npm test`'s pretest step, run as a child process on random loopback
 * ports. Tests talk to it only over HTTP, as users do.
 */
export class Portico {
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly proxyUrl: string,
    readonly adminUrl: string,
    readonly portalUrl: string,
    readonly statusUrl: string,
    /** What this process was given as PORTICO_DATABASE_URL: start a second node on it to share the database. */
    readonly databaseUrl: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(options: PorticoOptions = {}): Promise<Portico> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      PORTICO_PROXY_LISTEN: '127.0.0.1:0',
      PORTICO_ADMIN_LISTEN: '127.0.0.1:0',
      PORTICO_PORTAL_LISTEN: '127.0.0.1:0',
      PORTICO_STATUS_LISTEN: '127.0.0.1:0',
      PORTICO_DATABASE_URL: 'sqlite::memory:',
      PORTICO_LOG_LEVEL: 'info',
      // Suites register many developers from 127.0.0.1; the limit's own tests set it explicitly.
      PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: '0',
      ...options.env,
    };
    env.PORTICO_DATABASE_URL = await testDatabaseUrl(env.PORTICO_DATABASE_URL);
    const child = spawn(process.execPath, [CLI, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const urls = await new Promise<Record<string, string>>((resolve, reject) => {
      const found: Record<string, string> = {};
      // DB-less mode keeps the portal off whatever its setting (SPEC §8).
      const dbless = env.PORTICO_DATABASE_URL === 'off';
      const wanted = ['proxy', 'admin', 'portal', 'status'].filter((n) => env[`PORTICO_${n.toUpperCase()}_LISTEN`] !== 'off' && !(dbless && n === 'portal'));
      const timer = setTimeout(() => reject(new Error(`portico did not start in time:\n${output}`)), options.startTimeoutMs ?? 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        for (const match of output.matchAll(/^portico: (\w+) listening on (\S+)$/gm)) found[match[1]] = match[2];
        if (wanted.every((n) => found[n])) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`portico exited with ${code} before listening:\n${output}`));
      });
    });
    const portico = new Portico(child, urls.proxy ?? '', urls.admin ?? '', urls.portal ?? '', urls.status ?? '', env.PORTICO_DATABASE_URL);
    portico.output = output;
    child.stdout!.on('data', (c: Buffer) => (portico.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (portico.output += c.toString()));
    return portico;
  }

  /** Everything the process printed so far (stdout and stderr), e.g. to prove no secret was logged. */
  get logs(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resident memory of the gateway process, in bytes. */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }

  async admin<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return request(this.adminUrl + path, method, body, headers);
  }

  async portal<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return request(this.portalUrl + path, method, body, headers);
  }

  async status<T = any>(method: string, path: string, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return request(this.statusUrl + path, method, undefined, headers);
  }

  async proxy<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
    return request(this.proxyUrl + path, method, body, headers);
  }

  /** Sends SIGTERM and resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/**
 * In the `postgres` jest project the SQLite databases tests ask for become PostgreSQL ones: a fresh
 * database for `sqlite::memory:`, and one per file path for `sqlite:PATH`, so a test that restarts
 * Portico on the same file gets the same database back. Anything else (a postgres:// URL shared by
 * several nodes, an invalid URL a test expects to be refused) is left as it is.
 */
export async function testDatabaseUrl(url: string): Promise<string> {
  if (testDatabaseKind() !== 'postgres' || !url.startsWith('sqlite:')) return url;
  if (url === 'sqlite::memory:') return createDatabase();
  return createDatabase(`portico_file_${createHash('sha256').update(url).digest('hex').slice(0, 16)}`);
}

/** JSON in, JSON out (text kept too). A string body is sent as is, with the caller's content-type. */
export async function request<T = any>(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
  if (body !== undefined) {
    if (typeof body === 'string') init.body = body;
    else {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the text is the body
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
