import { createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';
import type { EchoUpstream } from '../support/echo-upstream';
import type { JsonResponse, Portico } from '../support/portico';
import type { TestIdp } from '../support/idp/test-idp';

/** Shared by the openid-connect e2e specs: routes protected by the plugin, forged tokens, denial checks. */

export const AUDIENCE = 'https://api.portico.test';
export const IDP_UNAVAILABLE = { message: 'The identity provider is unavailable' };

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
export const realmOf = (idp: TestIdp) => new URL(idp.issuer).host;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service (to the echo upstream), a route at `/<name>` and an openid-connect plugin on the service. */
export async function protectedRoute(portico: Portico, upstream: EchoUpstream, name: string, config: Record<string, unknown>): Promise<string> {
  const service = await portico.admin('POST', '/services', { name, url: upstream.url });
  expect(service.status).toBe(201);
  const route = await portico.admin('POST', `/services/${name}/routes`, { name, paths: [`/${name}`] });
  expect(route.status).toBe(201);
  const plugin = await portico.admin('POST', `/services/${name}/plugins`, { name: 'openid-connect', config });
  expect(plugin.status).toBe(201);
  return `/${name}`;
}

export async function createConsumer(portico: Portico, body: { username?: string; custom_id?: string }): Promise<string> {
  const res = await portico.admin('POST', '/consumers', body);
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Expects one of the plugin's denials: exact body and WWW-Authenticate. */
export function expectDenied(
  res: JsonResponse,
  status: 401 | 403,
  realm: string,
  error?: 'invalid_token' | 'insufficient_scope',
  message = status === 401 ? 'Unauthorized' : 'Forbidden',
): void {
  const challenge = error ? `Bearer realm="${realm}", error="${error}"` : `Bearer realm="${realm}"`;
  expect({ status: res.status, body: res.body, challenge: res.headers.get('www-authenticate') }).toEqual({ status, body: { message }, challenge });
}

export interface ForgeOptions {
  claims?: Record<string, unknown>;
  header?: jose.JWTHeaderParameters | Record<string, unknown>;
  /** Default: the IdP's own signing key (a valid signature over whatever claims). */
  key?: KeyObject;
}

/** A token signed like the IdP's own (its key and kid, at+jwt, its issuer and audience), with overrides. */
export async function forge(idp: TestIdp, options: ForgeOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: idp.issuer, aud: AUDIENCE, client_id: 'svc', application_id: 'app-svc', iat: now, exp: now + 300, jti: randomUUID(), ...options.claims };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete (claims as Record<string, unknown>)[name];
  const header = { alg: 'RS256', typ: 'at+jwt', kid: idp.keys[0].kid, ...options.header } as jose.JWTHeaderParameters;
  return new jose.SignJWT(claims).setProtectedHeader(header).sign(options.key ?? (await idp.signingKey()));
}

/** Header and payload as given, no signature: the `alg: none` attack. */
export function unsigned(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.`;
}

/** HS256 "signed" with the issuer's public key as the HMAC secret: the classic key-confusion attack. */
export async function hs256WithPublicKey(idp: TestIdp, claims: Record<string, unknown>): Promise<string> {
  const publicPem = createPublicKey(await idp.signingKey()).export({ type: 'spki', format: 'pem' }) as string;
  return new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: idp.keys[0].kid })
    .sign(new TextEncoder().encode(publicPem));
}

export function attackerKeys(): { privateKey: KeyObject; publicJwk: jose.JWK } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) as jose.JWK };
}

/** A server an attacker controls (jku/x5u targets): serves a JWKS and counts who asked. */
export class AttackerServer {
  hits = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(jwk: jose.JWK): Promise<AttackerServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const attacker = new AttackerServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (_req, res) => {
      attacker.hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...jwk, kid: 'attacker', alg: 'RS256', use: 'sig' }] }));
    });
    return attacker;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
