import { ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey, JsonWebKey, KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { JWK } from 'jose';
import * as oidc from 'openid-client';

export interface IdpClient {
  client_id: string;
  client_secret: string;
  /** Default: client_credentials and password, plus authorization_code when redirect_uris are given. */
  grant_types?: string[];
  redirect_uris?: string[];
  /** Value of the Okta-style `application_id` claim in this client's access tokens. */
  application_id?: string;
  /** `jwt` (default): RFC 9068 JWT access tokens; `opaque`: tokens only introspection can read. */
  token_format?: 'jwt' | 'opaque';
}

export interface TestIdpOptions {
  clients: IdpClient[];
  /** 0 or absent: a random free port. */
  port?: number;
  /** Private signing JWKs; absent: a fresh RSA key is generated. */
  keys?: object[];
  /** Seconds; default 300. */
  accessTokenTtl?: number;
  /** The `aud` of every access token; default https://api.portico.test. */
  audience?: string;
}

export type IdpRequestKind = 'discovery' | 'jwks' | 'token' | 'introspection' | 'other';

const SERVER_SCRIPT = join(__dirname, 'idp-server.mjs');
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

// Every IdP still running; killed when this process exits so a failed test never leaks one.
// Inside jest this hook is only best effort: jest gives each test file a copy of `process` whose
// listeners the real process never calls, so idp-server.mjs also exits when it is orphaned.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/** A real oidc-provider issuer in a child process, for end-to-end tests. */
export class TestIdp {
  readonly issuer: string;
  private child: ChildProcess;
  private currentKeys: JWK[];

  private constructor(
    private readonly opts: TestIdpOptions,
    launched: Launched,
  ) {
    this.issuer = launched.issuer;
    this.child = launched.child;
    this.currentKeys = launched.keys;
  }

  static async start(opts: TestIdpOptions): Promise<TestIdp> {
    return new TestIdp(opts, await launch(opts));
  }

  get port(): number {
    return Number(new URL(this.issuer).port);
  }

  /** The private signing JWKs in use (the first one signs; its `kid` is what the IdP's tokens carry). */
  get keys(): JWK[] {
    return this.currentKeys;
  }

  async counts(): Promise<Record<IdpRequestKind, number>> {
    const res = await fetch(`${this.issuer}/__counts`);
    return (await res.json()) as Record<IdpRequestKind, number>;
  }

  async resetCounts(): Promise<void> {
    const res = await fetch(`${this.issuer}/__counts/reset`, { method: 'POST' });
    if (!res.ok) throw new Error(`IdP counts reset failed: ${res.status}`);
  }

  /** The most token requests the IdP was answering at once since the last resetCounts(). */
  async maxTokenRequestsInFlight(): Promise<number> {
    const res = await fetch(`${this.issuer}/__token-load`);
    return ((await res.json()) as { maxInFlight: number }).maxInFlight;
  }

  /** Makes every token answer wait this long (0: answer at once), like an IdP under load. */
  async setTokenDelay(ms: number): Promise<void> {
    const res = await fetch(`${this.issuer}/__token-delay?ms=${ms}`, { method: 'POST' });
    if (!res.ok) throw new Error(`IdP token delay failed: ${res.status}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child, 'SIGTERM');
    const forced = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(forced);
  }

  /** Stops and starts the IdP on the same port; with rotateKey, a new signing key (new kid) replaces the old. */
  async restart(opts: { rotateKey?: boolean } = {}): Promise<void> {
    await this.stop();
    const launched = await launch({
      ...this.opts,
      port: this.port,
      keys: opts.rotateKey ? undefined : this.currentKeys,
    });
    this.child = launched.child;
    this.currentKeys = launched.keys;
  }

  async clientCredentialsToken(
    clientId: string,
    secret: string,
    scope?: string,
  ): Promise<{ access_token: string; expires_in: number }> {
    return this.tokenRequest(clientId, secret, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  }

  async passwordToken(
    clientId: string,
    secret: string,
    username: string,
    password: string,
  ): Promise<{ access_token: string }> {
    return this.tokenRequest(clientId, secret, { grant_type: 'password', username, password });
  }

  /**
   * Runs the real authorization-code + PKCE flow: openid-client is the relying party, and the
   * user "logs in" as alice and consents by posting the IdP's devInteractions forms. Unlike the
   * other token helpers it costs one discovery request in counts().
   */
  async authorizationCodeToken(
    clientId: string,
    secret: string,
    redirectUri: string,
  ): Promise<{ access_token: string; id_token?: string }> {
    const config = await oidc.discovery(new URL(this.issuer), clientId, undefined, oidc.ClientSecretBasic(secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizationUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid read write',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });

    const callbackUrl = await new InteractionDriver(redirectUri).run(authorizationUrl);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
    });
    return { access_token: tokens.access_token, id_token: tokens.id_token };
  }

  /** The current private signing key, to forge tokens with a valid signature but bad claims. */
  async signingKey(): Promise<KeyObject> {
    return createPrivateKey({ key: this.currentKeys[0] as JsonWebKey, format: 'jwk' });
  }

  // Plain fetch to the fixed token route rather than discovery, so helpers do not skew counts().
  private async tokenRequest<T>(clientId: string, secret: string, params: Record<string, string>): Promise<T> {
    const res = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { Authorization: basicAuth(clientId, secret) },
      body: new URLSearchParams(params),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`IdP token request failed: ${res.status} ${JSON.stringify(body)}`);
    return body as T;
  }
}

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded before base64. */
export function basicAuth(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

interface Launched {
  child: ChildProcess;
  issuer: string;
  keys: JWK[];
}

async function launch(opts: TestIdpOptions): Promise<Launched> {
  const child = spawn(process.execPath, [SERVER_SCRIPT], {
    env: { ...process.env, IDP_CONFIG: JSON.stringify(opts) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a kill reaches it even if the node binary is wrapped.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));

  // Always drain stderr: a full pipe would block the IdP; keep the tail for error messages.
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });

  let keys: JWK[] = [];
  try {
    const issuer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`IdP did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      // 'close' rather than 'exit': it waits for stderr to be fully read.
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`IdP exited during start-up (code ${code}, signal ${signal})`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('idp: keys ')) keys = JSON.parse(line.slice('idp: keys '.length));
        const listening = /^idp: listening on (\S+)$/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      });
    });
    return { child, issuer, keys };
  } catch (err) {
    killGroup(child, 'SIGKILL');
    throw new Error(`${(err as Error).message}\n--- IdP stderr ---\n${stderr}`);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Follows the IdP's redirects and answers its login and consent pages, keeping cookies like a browser. */
class InteractionDriver {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly redirectUri: string) {}

  async run(start: URL): Promise<URL> {
    let url = start.href;
    let form: URLSearchParams | undefined;
    for (let step = 0; step < 20; step++) {
      const res = await fetch(url, {
        method: form ? 'POST' : 'GET',
        body: form,
        redirect: 'manual',
        headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      this.store(res.headers.getSetCookie());
      form = undefined;

      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        if (url.startsWith(this.redirectUri)) return new URL(url);
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      if (!res.ok || !action || !prompt) throw new Error(`unexpected IdP page ${res.status} at ${url}: ${html.slice(0, 500)}`);
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      // devInteractions accepts any login; alice/wonderland keeps the subject stable across tests.
      form = new URLSearchParams(prompt === 'login' ? { prompt, login: 'alice', password: 'wonderland' } : { prompt });
    }
    throw new Error('authorization flow did not reach the redirect_uri');
  }

  private store(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // oidc-provider clears a cookie by setting it empty.
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }
}
