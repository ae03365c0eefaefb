import { consumerFor } from './consumer-mapping';

describe('consumerFor', () => {
  const consumers = [
    { id: 'c1', username: 'alice', custom_id: 'ext-1' },
    { id: 'c2', username: 'ext-2', custom_id: 'bob' },
  ];
  const lookups: string[] = [];
  const find = async (field: 'username' | 'custom_id' | 'id', value: string) => {
    lookups.push(`${field}=${value}`);
    return consumers.find((c) => c[field] === value) ?? null;
  };
  beforeEach(() => (lookups.length = 0));

  it('looks the first present claim up by each field in turn', async () => {
    const config = { consumer_claim: ['client_id', 'sub'], consumer_by: ['username', 'custom_id'] as ('username' | 'custom_id' | 'id')[] };
    expect(await consumerFor({ sub: 'bob' }, config, find)).toBe(consumers[1]);
    expect(lookups).toEqual(['username=bob', 'custom_id=bob']);
    expect(await consumerFor({ client_id: 'alice', sub: 'bob' }, config, find)).toBe(consumers[0]);
  });

  it('finds nobody when the token names no one or no consumer matches', async () => {
    const config = { consumer_claim: ['sub'], consumer_by: ['id'] as ('username' | 'custom_id' | 'id')[] };
    expect(await consumerFor({}, config, find)).toBeNull();
    expect(await consumerFor({ sub: '' }, config, find)).toBeNull();
    expect(lookups).toEqual([]);
    expect(await consumerFor({ sub: 'nobody' }, config, find)).toBeNull();
  });
});
