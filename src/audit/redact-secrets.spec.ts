import { REDACTED, redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it.each([
    ['a developer password hash', { email: 'a@example.com', password_hash: 'scrypt$abc' }, { email: 'a@example.com', password_hash: REDACTED }],
    [
      'client secrets nested in a plugin config',
      { name: 'openid-connect', config: { issuer: 'https://idp', client_id: ['gw'], client_secret: ['s3cr3t'], cache_tokens: true } },
      { name: 'openid-connect', config: { issuer: 'https://idp', client_id: ['gw'], client_secret: REDACTED, cache_tokens: true } },
    ],
    ['tokens and keys', { access_token: 'eyJ', api_key: 'k', token_endpoint: 'https://idp/token' }, { access_token: REDACTED, api_key: REDACTED, token_endpoint: 'https://idp/token' }],
    ['nothing secret', { name: 'svc', port: 80, tags: null }, { name: 'svc', port: 80, tags: null }],
  ])('%s', (_label, input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });

  it('does not change its input', () => {
    const input = { password: 'x' };
    redactSecrets(input);
    expect(input.password).toBe('x');
  });
});
