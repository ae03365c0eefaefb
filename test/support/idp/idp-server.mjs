// A real, certified OpenID Provider (oidc-provider 9) for Portico's end-to-end tests.
// Runs as its own process (`node idp-server.mjs`) so tests can stop, restart and rotate it like a
// real IdP. Configuration: the IDP_CONFIG env var (JSON), see test-idp.ts for its shape.
// Stdout carries exactly two lines, `idp: keys <JWKs>` then `idp: listening on <issuer>`; the
// parent process parses them, so everything else goes to stderr.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider, { errors } from 'oidc-provider';

// oidc-provider prints its "you SHOULD change this default" notices with console.info, i.e. on
// stdout, where they would corrupt the protocol above.
console.info = console.warn;
console.log = console.warn;

const config = JSON.parse(process.env.IDP_CONFIG ?? '{}');
const audience = config.audience ?? 'https://api.portico.test';
const accessTokenTtl = config.accessTokenTtl ?? 300;
const clients = config.clients ?? [];
const clientsById = new Map(clients.map((c) => [c.client_id, c]));

async function generateSigningKey() {
  const { privateKey } = await jose.generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid: await jose.calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

const keys = config.keys?.length ? config.keys : [await generateSigningKey()];

const server = createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.port ?? 0, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

function resourceServerInfo(clientId) {
  return {
    scope: 'read write',
    audience,
    accessTokenTTL: accessTokenTtl,
    accessTokenFormat: clientsById.get(clientId)?.token_format === 'opaque' ? 'opaque' : 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}

const provider = new Provider(issuer, {
  jwks: { keys },
  clients: clients.map((c) => {
    const grantTypes = c.grant_types
      ?? ['client_credentials', 'password', ...(c.redirect_uris?.length ? ['authorization_code'] : [])];
    return {
      client_id: c.client_id,
      client_secret: c.client_secret,
      grant_types: grantTypes,
      redirect_uris: c.redirect_uris ?? [],
      // oidc-provider re-adds authorization_code to a client that keeps the default response type.
      response_types: grantTypes.includes('authorization_code') ? ['code'] : [],
      token_endpoint_auth_method: 'client_secret_basic',
    };
  }),
  // The cookie keys only need to survive one process lifetime.
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  ttl: {
    AccessToken: accessTokenTtl,
    ClientCredentials: accessTokenTtl,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
    RefreshToken: 3600,
  },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  // Okta-style custom claim; stored with opaque tokens too, so introspection returns it.
  extraTokenClaims: async (_ctx, token) => {
    const applicationId = clientsById.get(token.clientId)?.application_id;
    return applicationId ? { application_id: applicationId } : undefined;
  },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: async () => true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // Without a default resource, tokens carry no audience and cannot be JWTs.
      defaultResource: async () => audience,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource, client) => {
        if (resource !== audience) throw new errors.InvalidTarget();
        return resourceServerInfo(client.clientId);
      },
    },
  },
});

// Resource-owner password grant (deprecated by OAuth 2.1 but still offered by Okta and others;
// Portico's `password` auth method exchanges Basic credentials through it).
provider.registerGrantType(
  'password',
  async (ctx) => {
    const { client, params } = ctx.oidc;
    if (params.username !== 'alice' || params.password !== 'wonderland') {
      throw new errors.InvalidGrant('invalid resource owner credentials');
    }
    const resourceServer = new provider.ResourceServer(audience, resourceServerInfo(client.clientId));
    const requested = new Set((params.scope ?? '').split(' '));
    const scope = [...requested].filter((s) => resourceServer.scopes.has(s)).join(' ') || undefined;

    // Introspection rejects grant-bound tokens whose grant it cannot find, so persist one.
    const grant = new provider.Grant({ clientId: client.clientId, accountId: params.username });
    if (scope) grant.addResourceScope(audience, scope);
    const grantId = await grant.save();

    const token = new provider.AccessToken({ accountId: params.username, client, grantId, gty: 'password', scope });
    token.resourceServer = resourceServer;
    ctx.oidc.entity('AccessToken', token);
    ctx.body = {
      access_token: await token.save(),
      expires_in: token.expiration,
      token_type: token.tokenType,
      scope,
    };
  },
  ['username', 'password', 'scope'],
);

const counts = { discovery: 0, jwks: 0, token: 0, introspection: 0, other: 0 };
// Token requests being answered right now, the most seen at once, and an artificial answer delay:
// a slow IdP, to prove the gateway's cap on concurrent token calls.
const tokenLoad = { inFlight: 0, maxInFlight: 0, delayMs: 0 };
const kindOf = {
  '/.well-known/openid-configuration': 'discovery',
  '/jwks': 'jwks',
  '/token': 'token',
  '/token/introspection': 'introspection',
};

// provider.use() inserts before oidc-provider's own router, so the test hooks answer first.
provider.use(async (ctx, next) => {
  if (ctx.path === '/__counts' && ctx.method === 'GET') {
    ctx.body = counts;
    return;
  }
  if (ctx.path === '/__counts/reset' && ctx.method === 'POST') {
    for (const kind of Object.keys(counts)) counts[kind] = 0;
    tokenLoad.maxInFlight = 0;
    ctx.status = 204;
    return;
  }
  if (ctx.path === '/__token-load' && ctx.method === 'GET') {
    ctx.body = { maxInFlight: tokenLoad.maxInFlight };
    return;
  }
  if (ctx.path === '/__token-delay' && ctx.method === 'POST') {
    tokenLoad.delayMs = Number(ctx.query.ms ?? 0);
    ctx.status = 204;
    return;
  }
  const kind = kindOf[ctx.path] ?? 'other';
  counts[kind] += 1;
  if (kind !== 'token') return next();
  tokenLoad.maxInFlight = Math.max(tokenLoad.maxInFlight, ++tokenLoad.inFlight);
  try {
    if (tokenLoad.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, tokenLoad.delayMs));
    await next();
  } finally {
    tokenLoad.inFlight -= 1;
  }
});

server.on('request', provider.callback());

process.stdout.write(`idp: keys ${JSON.stringify(keys)}\n`);
process.stdout.write(`idp: listening on ${issuer}\n`);

// Jest may SIGKILL its workers, skipping their exit hooks; an orphaned IdP notices and leaves.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(0);
}, 1000).unref();

process.once('SIGTERM', () => {
  // Keep-alive sockets (the gateway's agent) would otherwise hold close() open.
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
