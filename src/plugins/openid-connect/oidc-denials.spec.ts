import { OidcDenials, realmOf, wwwAuthenticate } from './oidc-denials';

describe('WWW-Authenticate', () => {
  it('names the realm, and the error only when a credential was presented', () => {
    expect(wwwAuthenticate('idp.example.com')).toBe('Bearer realm="idp.example.com"');
    expect(wwwAuthenticate('idp.example.com:8443', 'invalid_token')).toBe('Bearer realm="idp.example.com:8443", error="invalid_token"');
    expect(wwwAuthenticate('idp', 'insufficient_scope')).toBe('Bearer realm="idp", error="insufficient_scope"');
  });

  it('takes the realm from the issuer host, with its port when it has one', () => {
    expect(realmOf('https://login.example.com/realms/x')).toBe('login.example.com');
    expect(realmOf('http://127.0.0.1:9000')).toBe('127.0.0.1:9000');
    expect(realmOf('https://idp.example.com:443/')).toBe('idp.example.com');
  });
});

describe('OidcDenials', () => {
  const plain = new OidcDenials('idp', { display_errors: false, unauthorized_error_message: 'Unauthorized', forbidden_error_message: 'Forbidden' });
  const verbose = new OidcDenials('idp', { display_errors: true, unauthorized_error_message: 'Nope', forbidden_error_message: 'Not you' });

  it.each([
    ['no credentials', plain.noCredentials(), 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer realm="idp"' }],
    ['invalid', plain.invalid('token_expired'), 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer realm="idp", error="invalid_token"' }],
    ['forbidden', plain.forbidden('insufficient_scope'), 403, { message: 'Forbidden' }, { 'www-authenticate': 'Bearer realm="idp", error="insufficient_scope"' }],
    ['displayed', verbose.invalid('token_expired'), 401, { message: 'Nope (token expired)' }, { 'www-authenticate': 'Bearer realm="idp", error="invalid_token"' }],
    ['displayed 403', verbose.forbidden('consumer_not_found'), 403, { message: 'Not you (no consumer for the token)' }, { 'www-authenticate': 'Bearer realm="idp", error="insufficient_scope"' }],
    ['unavailable', verbose.unavailable(7), 503, { message: 'The identity provider is unavailable' }, { 'retry-after': '7' }],
  ])('%s', (_name, error, status, body, headers) => {
    expect({ status: error.status, body: error.body, headers: error.headers }).toEqual({ status, body, headers });
  });

  it('keeps the reason id for the log', () => {
    expect(plain.invalid('bad_signature').reason).toBe('bad_signature');
  });
});
