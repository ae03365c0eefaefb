import { idpLabels, recordCacheLookup, resetMetrics, readConfigurationVersionWith } from './metrics';

describe('metrics', () => {
  it.each([
    ['https://idp.example/.well-known/openid-configuration', { issuer: 'https://idp.example', endpoint: 'discovery' }],
    ['https://idp.example/realms/a/protocol/openid-connect/certs', { issuer: 'https://idp.example', endpoint: 'jwks' }],
    ['https://idp.example/oauth2/v1/keys?client_id=x', { issuer: 'https://idp.example', endpoint: 'jwks' }],
    ['https://idp.example:8443/token/introspect', { issuer: 'https://idp.example:8443', endpoint: 'introspection' }],
    ['https://idp.example/oauth/token', { issuer: 'https://idp.example', endpoint: 'token' }],
    ['https://idp.example/userinfo', { issuer: 'https://idp.example', endpoint: 'other' }],
    ['not a url', { issuer: 'invalid', endpoint: 'other' }],
  ])('labels an IdP call to %s by origin and endpoint kind, never its path', (url, labels) => {
    expect(idpLabels(url)).toEqual(labels);
  });

  it('counts cache lookups per cache and serves the configuration version', async () => {
    const registry = resetMetrics();
    recordCacheLookup('consumers', true);
    recordCacheLookup('consumers', false);
    recordCacheLookup('consumers', false);
    readConfigurationVersionWith(() => 7);
    const text = await registry.text();
    expect(text).toMatch(/^portico_cache_lookups_total\{cache="consumers",result="hit"\} 1$/m);
    expect(text).toMatch(/^portico_cache_lookups_total\{cache="consumers",result="miss"\} 2$/m);
    expect(text).toMatch(/^portico_configuration_version 7$/m);
  });

  it('asks the database on every scrape', async () => {
    const registry = resetMetrics();
    let reachable = true;
    registry.checkDatabaseWith(async () => reachable);
    expect(await registry.text()).toMatch(/^portico_database_reachable 1$/m);
    reachable = false;
    expect(await registry.text()).toMatch(/^portico_database_reachable 0$/m);
  });
});
