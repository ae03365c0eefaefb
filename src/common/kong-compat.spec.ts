import { KONG_COMPAT, kongCompatProperties, stripKongCompat } from './kong-compat';

describe('stripKongCompat', () => {
  it.each([
    ['services', { tls_verify: null, tls_verify_depth: null, ca_certificates: [], client_certificate: null, created_at: 1 }],
    ['services', { tls_verify: true, ca_certificates: null }],
    ['routes', { path_handling: 'v0', https_redirect_status_code: 426, request_buffering: false, response_buffering: true, snis: null, sources: [], destinations: null, headers: {} }],
    ['plugins', { protocols: ['grpc', 'grpcs', 'http', 'https'], consumer: null, consumer_group: null, instance_name: 'x' }],
    ['plugins', { protocols: null }],
  ])('accepts and removes harmless %s fields %j', (kind, fields) => {
    const input: Record<string, unknown> = { name: 'keep', ...fields };
    expect(stripKongCompat(kind, input)).toBeNull();
    expect(input).toEqual({ name: 'keep' });
  });

  it.each([
    ['services', 'tls_verify', false],
    ['services', 'tls_verify_depth', 2],
    ['services', 'ca_certificates', ['id']],
    ['services', 'client_certificate', { id: 'x' }],
    ['routes', 'path_handling', 'v1'],
    ['routes', 'snis', ['a.example']],
    ['routes', 'headers', { x: ['y'] }],
    ['routes', 'sources', [{ ip: '10.0.0.1' }]],
    ['plugins', 'protocols', ['grpc', 'grpcs']],
    ['plugins', 'protocols', ['http']],
    ['plugins', 'consumer', { id: 'c' }],
    ['plugins', 'consumer_group', { id: 'g' }],
  ])('refuses %s.%s = %j, naming the field', (kind, field, value) => {
    const problems = stripKongCompat(kind, { [field]: value });
    expect(problems).toEqual({ [field]: expect.any(String) });
  });

  it('knows nothing of other kinds', () => {
    expect(stripKongCompat('developers', { tls_verify: false })).toBeNull();
  });
});

describe('kongCompatProperties', () => {
  it('describes every compat field, and the id', () => {
    for (const kind of Object.keys(KONG_COMPAT) as (keyof typeof KONG_COMPAT)[]) {
      const properties = kongCompatProperties(kind);
      expect(Object.keys(properties)).toEqual(['id', ...Object.keys(KONG_COMPAT[kind])]);
      for (const property of Object.values(properties)) expect(property.description).toEqual(expect.any(String));
    }
  });
});
