import { grantCacheKey, PresentedCredentials } from './client-grants';

describe('grantCacheKey', () => {
  const endpoint = 'https://idp.test/token';
  const cc = (username: string, password: string): PresentedCredentials => ({
    grant: 'client_credentials',
    username,
    password,
    basic: Buffer.from(`${username}:${password}`).toString('base64'),
  });

  it('is stable for the same credentials', () => {
    expect(grantCacheKey(endpoint, cc('app', 's3cret'), null, null)).toBe(grantCacheKey(endpoint, cc('app', 's3cret'), null, null));
  });

  it('differs by secret, client, endpoint and grant', () => {
    const base = grantCacheKey(endpoint, cc('app', 's3cret'), null, null);
    expect(grantCacheKey(endpoint, cc('app', 'other'), null, null)).not.toBe(base);
    expect(grantCacheKey(endpoint, cc('app2', 's3cret'), null, null)).not.toBe(base);
    expect(grantCacheKey('https://other.test/token', cc('app', 's3cret'), null, null)).not.toBe(base);
    expect(grantCacheKey(endpoint, { ...cc('app', 's3cret'), grant: 'password' }, null, null)).not.toBe(base);
  });

  it('cannot be confused by moving a separator between fields', () => {
    const a = { grant: 'password' as const, username: 'a:b', password: 'c', basic: 'x' };
    const b = { grant: 'password' as const, username: 'a', password: 'b:c', basic: 'x' };
    expect(grantCacheKey(endpoint, a, null, null)).not.toBe(grantCacheKey(endpoint, b, null, null));
  });

  it('for the password grant, depends on the gateway client too', () => {
    const pw: PresentedCredentials = { grant: 'password', username: 'alice', password: 'pw', basic: 'x' };
    expect(grantCacheKey(endpoint, pw, { id: 'g1', secret: 's' }, null)).not.toBe(grantCacheKey(endpoint, pw, { id: 'g2', secret: 's' }, null));
  });

  it('differs by requested scope', () => {
    expect(grantCacheKey(endpoint, cc('app', 's3cret'), null, 'read')).not.toBe(grantCacheKey(endpoint, cc('app', 's3cret'), null, null));
  });

  it('holds no secret in clear', () => {
    expect(grantCacheKey(endpoint, cc('app', 's3cret'), null, null)).not.toContain('s3cret');
  });
});
