import { compileValidator } from '../../common/schema-validator';
import { OpenIdConnectConfig, OpenIdConnectConfigSchema, validateOpenIdConnectConfig } from './openid-connect.schema';

describe('openid-connect config schema', () => {
  const validate = compileValidator<OpenIdConnectConfig>(OpenIdConnectConfigSchema);
  const formValidate = compileValidator<OpenIdConnectConfig>(OpenIdConnectConfigSchema, { coerce: true });

  it('fills in the SPEC defaults', () => {
    const result = validate({ issuer: 'https://idp.example.com' });
    expect(result).toEqual({
      ok: true,
      value: {
        issuer: 'https://idp.example.com',
        issuers_allowed: null,
        client_id: null,
        client_secret: null,
        scopes: null,
        auth_methods: ['bearer', 'introspection', 'client_credentials', 'session'],
        consumer_claim: ['application_id', 'client_id', 'cid', 'azp', 'appid'],
        consumer_by: ['username', 'custom_id'],
        consumer_optional: false,
        audience_required: null,
        scopes_required: null,
        scopes_claim: ['scope'],
        leeway: 0,
        bearer_token_param_type: ['header'],
        client_credentials_param_type: ['header'],
        cache_tokens: true,
        cache_introspection: true,
        cache_ttl: 3600,
        timeout: 10000,
        extra_jwks_uris: null,
        introspection_endpoint: null,
        token_endpoint: null,
        upstream_access_token_header: 'authorization:bearer',
        hide_credentials: false,
        session_cookie_name: 'portico_session',
        session_absolute_timeout: 86400,
        session_cookie_same_site: 'Lax',
        session_cookie_http_only: true,
        session_cookie_secure: null,
        disable_session: [],
        display_errors: false,
        unauthorized_error_message: 'Unauthorized',
        forbidden_error_message: 'Forbidden',
      },
    });
  });

  it('describes every field', () => {
    for (const [name, field] of Object.entries(OpenIdConnectConfigSchema.properties)) {
      const described = (field as { description?: string; anyOf?: { description?: string }[] }).description ?? (field as { anyOf?: { description?: string }[] }).anyOf?.[1]?.description;
      expect([name, typeof described]).toEqual([name, 'string']);
    }
  });

  it.each([
    [{}, { issuer: 'required field missing' }],
    [{ issuer: 'not a url' }, { issuer: expect.any(String) }],
    [{ issuer: 'https://x', auth_methods: ['kong_oauth2'] }, { auth_methods: { 1: expect.stringContaining('expected one of') } }],
    [{ issuer: 'https://x', bearer_token_param_type: ['body'] }, { bearer_token_param_type: { 1: expect.stringContaining('expected one of') } }],
    [{ issuer: 'https://x', surprise: true }, { surprise: 'unknown field' }],
  ])('rejects %j', (config, fields) => {
    expect(validate(config)).toEqual({ ok: false, fields });
  });

  it('reads Kong-style form values (config.client_id=x becomes an array)', () => {
    expect(formValidate({ issuer: 'https://x', client_id: 'gw', client_secret: 's', leeway: '5' })).toMatchObject({
      ok: true,
      value: { client_id: ['gw'], client_secret: ['s'], leeway: 5 },
    });
  });

  it('requires what the password grant and the gateway client need', () => {
    const config = (extra: object) => (validate({ issuer: 'https://x', ...extra }) as { value: OpenIdConnectConfig }).value;
    expect(validateOpenIdConnectConfig(config({}))).toBeNull();
    expect(validateOpenIdConnectConfig(config({ auth_methods: ['password'] }))).toEqual({ client_id: 'required field missing (auth_methods includes password)' });
    expect(validateOpenIdConnectConfig(config({ client_id: ['gw'] }))).toEqual({ client_secret: 'required field missing (client_id is set)' });
    expect(validateOpenIdConnectConfig(config({ client_id: ['gw'], client_secret: ['s'], auth_methods: ['password'] }))).toBeNull();
  });
});
