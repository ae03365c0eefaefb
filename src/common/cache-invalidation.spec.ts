import { staleApplicationAccess, staleConsumers } from './cache-invalidation';
import type { Change } from './config-changes';

const verdict = <V>(stale: 'all' | ((value: V, key: string) => boolean), entries: [string, V][]) =>
  stale === 'all' ? 'all' : entries.filter(([key, value]) => stale(value, key)).map(([key]) => key);

describe('staleConsumers', () => {
  const entries: [string, { id: string } | null][] = [
    ['id:c1', { id: 'c1' }],
    ['username:alice', { id: 'c1' }],
    ['id:c2', { id: 'c2' }],
    ['username:nobody', null],
  ];

  it.each<[string, Change[], string[] | 'all']>([
    ['a consumer change drops its entries and the misses', [{ topic: 'consumers', id: 'c1' }], ['id:c1', 'username:alice', 'username:nobody']],
    ['an ACL change drops only that consumer', [{ topic: 'acls', id: 'c2' }], ['id:c2']],
    ['a change without an id drops everything', [{ topic: 'acls' }], 'all'],
    ['an unrelated consumer keeps the others', [{ topic: 'acls', id: 'c9' }], []],
  ])('%s', (_label, changes, expected) => {
    expect(verdict(staleConsumers(changes), entries)).toEqual(expected);
  });
});

describe('staleApplicationAccess', () => {
  const entries: [string, { applicationId: string; developerId: string } | null][] = [
    ['c1', { applicationId: 'a1', developerId: 'd1' }],
    ['c2', { applicationId: 'a2', developerId: 'd1' }],
    ['c3', { applicationId: 'a3', developerId: 'd2' }],
    ['c4', null],
  ];

  it.each<[string, Change[], string[] | 'all']>([
    ['a developer registering touches nothing (public POST /register)', [{ topic: 'developers', id: 'd-new' }], []],
    ["a developer's status drops their applications", [{ topic: 'developers', id: 'd1' }], ['c1', 'c2']],
    ['an instance decision drops one application', [{ topic: 'applications', id: 'a3' }, { topic: 'acls', id: 'c3' }], ['c3', 'c4']],
    ['a consumer change drops that consumer and the misses', [{ topic: 'consumers', id: 'c2' }], ['c2', 'c4']],
    ['a service change drops everything', [{ topic: 'services', id: 's1' }], 'all'],
    ['a change without an id drops everything', [{ topic: 'applications' }], 'all'],
  ])('%s', (_label, changes, expected) => {
    expect(verdict(staleApplicationAccess(changes), entries)).toEqual(expected);
  });
});
