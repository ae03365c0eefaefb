import { BlockList, isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

export type DatabaseTarget =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string };

export type PortalAppAuth = 'external-oauth2' | 'gateway-oauth2';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface PorticoConfig {
  listeners: Record<ListenerName, ListenAddress | null>;
  database: DatabaseTarget;
  /** The URL exactly as configured, with any password masked: safe to show. */
  databaseDisplay: string;
  adminToken: string | null;
  portalAppAuth: PortalAppAuth;
  portalAutoApprove: boolean;
  sessionSecret: string | null;
  logLevel: LogLevel;
  trustedIps: string[];
  autoMigrate: boolean;
  /** POST /register attempts per client address per minute; 0 = unlimited. */
  portalRegistrationsPerMinute: number;
  /** DB-less (SPEC §8): the declarative file served from an in-memory database; null with a database. */
  declarativeConfig: string | null;
  /** A client must finish its request head within this (408 otherwise). Mainly lowered by tests. */
  headersTimeoutMs: number;
  /** PORTICO_PORTAL_PROXY_URL: where developers reach the proxy, for the portal's examples; null = the proxy listener's. */
  portalProxyUrl: string | null;
  /** PostgreSQL and several nodes (§7). */
  cluster: ClusterSettings;
  /** Operating Portico (SPEC §9). */
  accessLog: AccessLogTarget;
  auditRetentionDays: number;
  /** PORTICO_JWKS_REFETCH_INTERVAL: the least time between two JWKS fetches caused by unknown kids (SPEC: 10 s). Mainly lowered by tests. */
  jwksRefetchIntervalMs: number;
}

export interface ClusterSettings {
  /** PORTICO_DB_UPDATE_FREQUENCY: how often a node checks for changes it was not notified of. */
  updateFrequencyMs: number;
  /** PORTICO_DATABASE_POOL_SIZE: connections per node (PostgreSQL). */
  poolSize: number;
  /** PORTICO_DATABASE_TIMEOUT: connect and statement timeout, so a dead database answers 503 in time. */
  timeoutMs: number;
}

/** Where the per-request access log goes. */
export type AccessLogTarget = { type: 'off' } | { type: 'stdout' } | { type: 'file'; path: string };

export type ListenerName = 'proxy' | 'admin' | 'portal' | 'status';
export const LISTENER_NAMES: readonly ListenerName[] = ['proxy', 'admin', 'portal', 'status'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LISTEN_DEFAULTS: Record<ListenerName, string> = {
  proxy: '0.0.0.0:8000',
  admin: '127.0.0.1:8001',
  portal: '0.0.0.0:8004',
  status: '127.0.0.1:8100',
};

/**
 * Reads and validates every PORTICO_* variable once, reporting all problems together so an
 * operator fixes them in one go instead of one restart per mistake.
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): PorticoConfig {
  const problems: string[] = [];
  // `VAR=` (as compose files and systemd units often write) means "use the default", for every variable.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== '')) as NodeJS.ProcessEnv;

  const listeners = {} as Record<ListenerName, ListenAddress | null>;
  for (const name of LISTENER_NAMES) {
    const variable = `PORTICO_${name.toUpperCase()}_LISTEN`;
    const raw = env[variable] ?? LISTEN_DEFAULTS[name];
    const parsed = parseListen(raw);
    if (parsed === undefined) {
      problems.push(`${variable}: expected "host:port" or "off", got "${raw}"`);
      listeners[name] = null;
    } else {
      listeners[name] = parsed;
    }
  }

  const rawDatabase = env.PORTICO_DATABASE_URL ?? 'sqlite:./data/portico.sqlite';
  // DB-less: PORTICO_DATABASE_URL=off serves PORTICO_DECLARATIVE_CONFIG from an in-memory database.
  const declarativeConfig = env.PORTICO_DECLARATIVE_CONFIG ?? null;
  const dbless = rawDatabase === 'off';
  if (dbless !== (declarativeConfig !== null)) {
    problems.push(dbless ? 'PORTICO_DATABASE_URL=off needs PORTICO_DECLARATIVE_CONFIG (the file to serve)' : 'PORTICO_DECLARATIVE_CONFIG is read only with PORTICO_DATABASE_URL=off');
  }
  const database = dbless ? ({ type: 'sqlite', path: ':memory:' } as const) : parseDatabaseUrl(rawDatabase);
  if (!database) {
    problems.push(
      `PORTICO_DATABASE_URL: expected "sqlite:PATH", "sqlite::memory:", "postgres://user:pass@host:port/db" or "off", got "${maskPassword(rawDatabase)}"`,
    );
  }

  const adminToken = env.PORTICO_ADMIN_TOKEN ?? null;
  if (adminToken !== null && /\s/.test(adminToken)) {
    problems.push('PORTICO_ADMIN_TOKEN: must not contain spaces (it is sent as "Authorization: Bearer <token>")');
  }
  const admin = listeners.admin;
  if (admin && !adminToken && !isLoopback(admin.host)) {
    problems.push(
      `PORTICO_ADMIN_LISTEN is ${formatListen(admin)}, which is reachable from other machines; ` +
        'set PORTICO_ADMIN_TOKEN so the Admin API requires it, or listen on a loopback address (127.0.0.1)',
    );
  }

  const portalAppAuth = env.PORTICO_PORTAL_APP_AUTH ?? 'external-oauth2';
  if (portalAppAuth !== 'external-oauth2' && portalAppAuth !== 'gateway-oauth2') {
    problems.push(`PORTICO_PORTAL_APP_AUTH: expected "external-oauth2" or "gateway-oauth2", got "${portalAppAuth}"`);
  } else if (portalAppAuth === 'gateway-oauth2') {
    problems.push('PORTICO_PORTAL_APP_AUTH: "gateway-oauth2" is not available yet; use "external-oauth2"');
  }

  const portalAutoApprove = parseBoolean(env, 'PORTICO_PORTAL_AUTO_APPROVE', false, problems);
  const autoMigrate = parseBoolean(env, 'PORTICO_AUTO_MIGRATE', true, problems);

  const sessionSecret = env.PORTICO_SESSION_SECRET ?? null;
  if (sessionSecret && sessionSecret.length < 32) {
    problems.push('PORTICO_SESSION_SECRET: must be at least 32 characters');
  }

  const logLevel = (env.PORTICO_LOG_LEVEL ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    problems.push(`PORTICO_LOG_LEVEL: expected one of debug, info, warn, error, got "${logLevel}"`);
  }

  const trustedIps = (env.PORTICO_TRUSTED_IPS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of trustedIps) {
    if (!parseCidr(entry)) problems.push(`PORTICO_TRUSTED_IPS: "${entry}" is not an IP address or CIDR range`);
  }

  const portalRegistrationsPerMinute = parseCount(env, 'PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE', 10, problems);
  // Client limits (SPEC §5).
  const headersTimeoutMs = Number(env.PORTICO_HEADERS_TIMEOUT_MS ?? 60_000);
  if (!Number.isInteger(headersTimeoutMs) || headersTimeoutMs < 1) {
    problems.push(`PORTICO_HEADERS_TIMEOUT_MS: expected a positive whole number of milliseconds, got "${env.PORTICO_HEADERS_TIMEOUT_MS}"`);
  }
  const portalProxyUrl = env.PORTICO_PORTAL_PROXY_URL?.replace(/\/+$/, '') || null;
  if (portalProxyUrl && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(portalProxyUrl)) {
    problems.push(`PORTICO_PORTAL_PROXY_URL: expected an http(s) URL such as https://api.example.com, got "${portalProxyUrl}"`);
  }
  const cluster: ClusterSettings = {
    updateFrequencyMs: parseSeconds(env, 'PORTICO_DB_UPDATE_FREQUENCY', 5, problems) * 1000,
    poolSize: parsePositiveInteger(env, 'PORTICO_DATABASE_POOL_SIZE', 10, problems),
    timeoutMs: parseSeconds(env, 'PORTICO_DATABASE_TIMEOUT', 3, problems) * 1000,
  };
  // Operating Portico (SPEC §9): access log and audit retention.
  const rawAccessLog = (env.PORTICO_ACCESS_LOG ?? 'stdout').trim();
  const accessLog: AccessLogTarget =
    rawAccessLog === 'off' ? { type: 'off' } : rawAccessLog === 'stdout' ? { type: 'stdout' } : { type: 'file', path: rawAccessLog };
  const rawRetention = env.PORTICO_AUDIT_RETENTION_DAYS ?? '30';
  const auditRetentionDays = Number(rawRetention);
  if (!/^\d{1,5}$/.test(rawRetention.trim()) || auditRetentionDays < 1) {
    problems.push(`PORTICO_AUDIT_RETENTION_DAYS: expected a whole number of days (1 or more), got "${rawRetention}"`);
  }
  const jwksRefetchIntervalMs = parseSeconds(env, 'PORTICO_JWKS_REFETCH_INTERVAL', 10, problems) * 1000;

  if (problems.length) throw new ConfigError(problems);
  return {
    listeners,
    database: database!,
    databaseDisplay: maskPassword(rawDatabase),
    adminToken,
    portalAppAuth: portalAppAuth as PortalAppAuth,
    portalAutoApprove,
    sessionSecret,
    logLevel,
    trustedIps,
    autoMigrate,
    portalRegistrationsPerMinute,
    declarativeConfig: dbless ? declarativeConfig : null,
    headersTimeoutMs,
    portalProxyUrl,
    cluster,
    accessLog,
    auditRetentionDays,
    jwksRefetchIntervalMs,
  };
}

function parseListen(raw: string): ListenAddress | null | undefined {
  const value = raw.trim();
  if (value === 'off') return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

export function formatListen({ host, port }: ListenAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function parseDatabaseUrl(raw: string): DatabaseTarget | null {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    return path ? { type: 'sqlite', path } : null;
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
      return { type: 'postgres', url: raw };
    } catch {
      return null;
    }
  }
  return null;
}

function maskPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

function parseBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (['true', '1', 'on', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'off', 'no'].includes(raw.toLowerCase())) return false;
  problems.push(`${name}: expected true or false, got "${raw}"`);
  return fallback;
}

function parseCount(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw.trim())) {
    problems.push(`${name}: expected a whole number (0 or more), got "${raw}"`);
    return fallback;
  }
  return Number(raw.trim());
}

function parseSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value <= 0 || value > 3600) {
    problems.push(`${name}: expected a number of seconds between 0 and 3600, got "${raw}"`);
    return fallback;
  }
  return value;
}

function parsePositiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1) {
    problems.push(`${name}: expected a whole number from 1 to 9999, got "${raw}"`);
    return fallback;
  }
  return Number(raw);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address, prefixText, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return null;
  const max = version === 4 ? 32 : 128;
  // Digits only: Number('') is 0, and "10.0.0.1/" must not quietly trust every address.
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Builds the matcher the proxy uses to decide whose X-Forwarded-* headers to believe. */
export function trustedIpList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const cidr = parseCidr(entry)!;
    list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list;
}
