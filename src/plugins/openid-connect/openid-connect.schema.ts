import { Static, TSchema, Type } from '@sinclair/typebox';
import { entitySchema, nullable } from '../../common/kong-schema';

export const AUTH_METHODS = ['bearer', 'introspection', 'client_credentials', 'password', 'session'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

const oneOf = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

const strings = (description: string, defaults: string[]) =>
  Type.Array(Type.String({ minLength: 1 }), { default: defaults, description });

const optionalStrings = (description: string) => nullable(Type.Array(Type.String({ minLength: 1 }), { default: null, description }));

const url = (description: string) => nullable(Type.String({ format: 'url', default: null, description }));

/** Where a credential may be read from. The proxy streams bodies untouched, so `body` (Kong's third place) is not offered. */
const paramTypes = (what: string) =>
  Type.Array(oneOf(['header', 'query'] as const), {
    default: ['header'],
    minItems: 1,
    uniqueItems: true,
    description: `Where ${what} is read from: \`header\` (Authorization) and/or \`query\`. Query strings end up in access logs, so only \`header\` by default.`,
  });

/**
 * The `openid-connect` plugin's config: Kong's field names and defaults (SPEC §3.1). Validated on
 * every Admin API write, served at GET /schemas/plugins/openid-connect. Nothing here is checked
 * against the identity provider: creating the plugin never depends on the IdP being up.
 */
export const OpenIdConnectConfigSchema = entitySchema(
  {
    issuer: Type.String({
      format: 'url',
      description:
        'The issuer identifier (or its discovery document URL). Discovery (`{issuer}/.well-known/openid-configuration`) happens on first use, never when the plugin is saved.',
    }),
    issuers_allowed: optionalStrings('Values a token\'s `iss` may take. Default (null): exactly the `issuer` the discovery document names.'),
    client_id: optionalStrings("The gateway's own client at the IdP (the first entry is used), for introspection and the password grant."),
    client_secret: optionalStrings('The secret of `client_id` (the first entry is used). Never shown in logs.'),
    auth_methods: Type.Array(oneOf(AUTH_METHODS), {
      default: ['bearer', 'introspection', 'client_credentials', 'session'],
      uniqueItems: true,
      description:
        'Accepted credentials: `bearer` (JWT verified locally), `introspection` (opaque tokens, RFC 7662), `client_credentials` (Basic client id and secret exchanged at the token endpoint), `session` (the session cookie), `password` (Basic user credentials, password grant; off unless listed).',
    }),
    scopes: optionalStrings(
      'Scopes the gateway asks for when it exchanges Basic credentials at the token endpoint (client credentials, password). Entra ID needs one: `api://<app id>/.default`.',
    ),
    consumer_claim: strings(
      'Claims that name the consumer; the first one the token carries is mapped (Okta `application_id`/`cid`, RFC 9068 `client_id`, Entra `azp`/`appid`).',
      ['application_id', 'client_id', 'cid', 'azp', 'appid'],
    ),
    consumer_by: Type.Array(oneOf(['username', 'custom_id', 'id'] as const), {
      default: ['username', 'custom_id'],
      minItems: 1,
      uniqueItems: true,
      description: 'Consumer fields the claim value is looked up by, in order. Application consumers match on `custom_id`.',
    }),
    consumer_optional: Type.Boolean({ default: false, description: 'Let requests through without a mapped consumer instead of answering 403.' }),
    audience_required: optionalStrings(
      'Audiences the token must be meant for (`aud`). An entry with spaces needs all its values; any one entry is enough. Failing: 401 invalid_token.',
    ),
    scopes_required: optionalStrings('Scopes the token must carry. An entry with spaces needs all its values; any one entry is enough. Failing: 403 insufficient_scope.'),
    scopes_claim: strings('Path to the scopes claim (`["scope"]`; Okta and Entra: `["scp"]`). A space-separated string or an array.', ['scope']),
    leeway: Type.Integer({ minimum: 0, maximum: 3600, default: 0, description: 'Seconds of clock skew tolerated on `exp`, `nbf` and `iat`.' }),
    bearer_token_param_type: paramTypes('the bearer token'),
    client_credentials_param_type: paramTypes('client credentials (Basic header; `client_id`/`client_secret` query parameters)'),
    cache_tokens: Type.Boolean({ default: true, description: 'Cache token endpoint answers (client credentials, password) until the token expires; wrong credentials are cached briefly.' }),
    cache_introspection: Type.Boolean({ default: true, description: "Cache introspection answers until the token's `exp` (at most `cache_ttl`); inactive tokens briefly." }),
    cache_ttl: Type.Integer({ minimum: 1, maximum: 31536000, default: 3600, description: 'Upper bound, in seconds, for anything cached about a token.' }),
    timeout: Type.Integer({
      minimum: 1,
      maximum: 600000,
      default: 10000,
      description: 'Milliseconds a request may spend waiting for the IdP (discovery, keys, token, introspection) before it is answered 503.',
    }),
    extra_jwks_uris: nullable(Type.Array(Type.String({ format: 'url' }), { default: null, description: 'More JWKS URIs whose keys are trusted for this issuer.' })),
    introspection_endpoint: url('Overrides the discovered introspection endpoint.'),
    token_endpoint: url('Overrides the discovered token endpoint.'),
    upstream_access_token_header: nullable(
      Type.String({
        pattern: '^[A-Za-z0-9!#$%&\'*+.^_`|~-]+(:[A-Za-z0-9._~+/-]+)?$',
        default: 'authorization:bearer',
        description: 'Header the upstream gets the access token in, as `name` or `name:scheme` (`authorization:bearer` sends `Authorization: Bearer <token>`). null: none.',
      }),
    ),
    hide_credentials: Type.Boolean({ default: false, description: 'Remove the credential the client authenticated with from the upstream request. Basic credentials and the session cookie are never forwarded either way.' }),
    session_cookie_name: Type.String({
      pattern: '^[A-Za-z0-9!#$%&\'*+.^_`|~-]+$',
      maxLength: 64,
      default: 'portico_session',
      description: 'Name of the session cookie.',
    }),
    session_absolute_timeout: Type.Integer({
      minimum: 0,
      maximum: 31536000,
      default: 86400,
      description: 'Seconds a session lasts at most, however long its token lives (0: until the token expires).',
    }),
    session_cookie_same_site: oneOf(['Strict', 'Lax', 'None'] as const, { default: 'Lax', description: 'SameSite attribute of the session cookie.' }),
    session_cookie_http_only: Type.Boolean({ default: true, description: 'HttpOnly attribute of the session cookie.' }),
    session_cookie_secure: nullable(
      Type.Boolean({ default: null, description: 'Secure attribute of the session cookie. null: set unless the request came over plain http.' }),
    ),
    disable_session: Type.Array(oneOf(AUTH_METHODS), {
      default: [],
      uniqueItems: true,
      description: 'Authentication methods after which no session cookie is set.',
    }),
    display_errors: Type.Boolean({ default: false, description: 'Add the reason of a denial to its message: `"Unauthorized (token expired)"`.' }),
    unauthorized_error_message: Type.String({ default: 'Unauthorized', description: 'Message of 401 answers.' }),
    forbidden_error_message: Type.String({ default: 'Forbidden', description: 'Message of 403 answers.' }),
  },
  ['issuer'],
) satisfies TSchema;

export type OpenIdConnectConfig = Static<typeof OpenIdConnectConfigSchema>;

/** Rules across fields: the password grant and introspection authenticate as the gateway's client. */
export function validateOpenIdConnectConfig(config: OpenIdConnectConfig): Record<string, string> | null {
  const errors: Record<string, string> = {};
  if (config.client_id?.length && !config.client_secret?.length) errors.client_secret = 'required field missing (client_id is set)';
  if (config.auth_methods.includes('password') && !config.client_id?.length) {
    errors.client_id = 'required field missing (auth_methods includes password)';
  }
  return Object.keys(errors).length ? errors : null;
}
