import { DeclarativeError, parseDeclarativeText, planDeclarative } from './declarative-file';

const plan = (doc: unknown) => planDeclarative(doc);

describe('parseDeclarativeText', () => {
  it('reads YAML and JSON', () => {
    expect(parseDeclarativeText('_format_version: "3.0"\nservices: []\n')).toEqual({ _format_version: '3.0', services: [] });
    expect(parseDeclarativeText('{"_format_version": "3.0"}')).toEqual({ _format_version: '3.0' });
  });

  it.each([['{ not yaml'], ['a: 1\na: 2\n']])('refuses %j with one problem', (text) => {
    expect(() => parseDeclarativeText(text)).toThrow(DeclarativeError);
  });
});

describe('planDeclarative', () => {
  it('flattens nesting, remembering every place and reference', () => {
    const { plan: p, problems } = plan({
      _format_version: '3.0',
      _info: { select_tags: ['a'] },
      services: [{ name: 's', host: 'h', routes: [{ name: 'r', paths: ['/'], plugins: [{ name: 'acl' }] }], plugins: [{ name: 'openid-connect' }] }],
      routes: [{ name: 'top', paths: ['/t'], service: 's' }],
      plugins: [{ name: 'acl', service: { id: 'sid' }, route: 'top' }],
      consumers: [{ username: 'u', acls: [{ group: 'g' }] }],
      developers: [{ email: 'd@example.com' }],
      applications: [{ name: 'a', custom_id: 'c', developer: 'd@example.com', instances: [{ service: 's', status: 0 }] }],
    });
    expect(problems).toEqual([]);
    expect(p.services).toEqual([{ place: 'services[0]', body: { name: 's', host: 'h' } }]);
    expect(p.routes).toEqual([
      { place: 'services[0].routes[0]', body: { name: 'r', paths: ['/'] }, service: { item: 0 } },
      { place: 'routes[0]', body: { name: 'top', paths: ['/t'] }, service: { key: 's' } },
    ]);
    expect(p.plugins).toEqual([
      { place: 'services[0].routes[0].plugins[0]', body: { name: 'acl' }, service: null, route: { item: 0 } },
      { place: 'services[0].plugins[0]', body: { name: 'openid-connect' }, service: { item: 0 }, route: null },
      { place: 'plugins[0]', body: { name: 'acl' }, service: { key: 'sid' }, route: { key: 'top' } },
    ]);
    expect(p.acls).toEqual([{ place: 'consumers[0].acls[0]', body: { group: 'g' }, consumer: 0 }]);
    expect(p.applications).toEqual([{ place: 'applications[0]', body: { name: 'a', custom_id: 'c' }, developer: 'd@example.com' }]);
    expect(p.instances).toEqual([{ place: 'applications[0].instances[0]', body: { status: 0 }, application: 0, service: { key: 's' } }]);
  });

  it.each([
    [{}, '_format_version', 'required field missing'],
    [{ _format_version: '1.1' }, '_format_version', 'unsupported format version "1.1"'],
    [{ _format_version: '3.0', upstreams: [{ name: 'u' }] }, 'upstreams', 'Portico has no upstreams'],
    [{ _format_version: '3.0', nonsense: 1 }, 'nonsense', 'unknown field'],
    [{ _format_version: '3.0', services: {} }, 'services', 'expected an array'],
    [{ _format_version: '3.0', services: ['x'] }, 'services[0]', 'expected a record'],
    [{ _format_version: '3.0', services: [{ routes: [{ service: 'other' }] }] }, 'services[0].routes[0].service', 'a nested route belongs to its service already'],
    [{ _format_version: '3.0', routes: [{ service: 5 }] }, 'routes[0].service', 'expected the name or id of an entity'],
    [{ _format_version: '3.0', consumers: [{ username: 'u', jwt_secrets: [{}] }] }, 'consumers[0].jwt_secrets', 'not supported by Portico'],
    [{ _format_version: '3.0', consumers: [{ username: 'u', plugins: [{ name: 'acl' }] }] }, 'consumers[0].plugins', 'consumer-scoped plugins'],
    [{ _format_version: '3.0', applications: [{ name: 'a' }] }, 'applications[0].developer', 'required field missing'],
    [{ _format_version: '3.0', applications: [{ developer: 'd', instances: [{ status: 0 }] }] }, 'applications[0].instances[0].service', 'required field missing'],
  ])('reports %j at %s', (doc, place, message) => {
    expect(plan(doc).problems).toContainEqual({ place, message: expect.stringContaining(message) });
  });

  it('accepts empty lists of kinds Portico lacks, and an unquoted 3.0', () => {
    expect(plan({ _format_version: 3, upstreams: [], certificates: null }).problems).toEqual([]);
  });

  it('lists every shape problem at once', () => {
    expect(plan({ _format_version: '2.1', nonsense: 1, upstreams: [{}] }).problems).toHaveLength(3);
  });

  it('refuses a document that is not an object', () => {
    expect(() => plan(['x'])).toThrow(DeclarativeError);
  });
});
