import { Cache, observeCaches } from './cache';

describe('Cache', () => {
  let now = 1_000_000;
  const clock = () => now;
  const cache = <V>(max = 10, ttlMs?: number) => new Cache<V>({ name: 'test', max, ttlMs, clock });
  afterEach(() => observeCaches(null));

  it('returns values until they expire', () => {
    const c = cache<string>();
    c.set('a', 'A', now + 1000);
    expect(c.get('a')).toBe('A');
    now += 1000;
    expect(c.get('a')).toBeUndefined();
  });

  it('does not store what has already expired', () => {
    const c = cache<string>();
    c.set('a', 'A', now - 1);
    expect(c.size).toBe(0);
  });

  it('keeps entries without an expiry for the default lifetime', () => {
    const c = cache<string>(10, 500);
    c.set('a', 'A');
    now += 500;
    expect(c.get('a')).toBe('A');
    now += 1;
    expect(c.get('a')).toBeUndefined();
  });

  it('drops the least recently used entry when full', () => {
    const c = cache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.get('a');
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([1, undefined, 3]);
  });

  it('shares one load between concurrent callers of a key, and caches its result', async () => {
    const c = cache<string>();
    const load = jest.fn(async () => ({ value: 'v', expiresAt: now + 1000 }));
    expect(await Promise.all([c.getOrLoad('k', load), c.getOrLoad('k', load), c.getOrLoad('k', load)])).toEqual(['v', 'v', 'v']);
    expect(await c.getOrLoad('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('caches a miss (null) like any value', async () => {
    const c = cache<string | null>();
    const load = jest.fn(async () => null);
    expect(await c.load('nobody', load)).toBeNull();
    expect(await c.load('nobody', load)).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed load, and gives every joined caller the failure', async () => {
    const c = cache<string>();
    let fail!: (err: Error) => void;
    const first = c.load('k', () => new Promise<string>((_resolve, reject) => (fail = reject)));
    const second = c.load('k', async () => 'unused');
    fail(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await expect(second).rejects.toThrow('down');
    expect(await c.load('k', async () => 'ok')).toBe('ok');
  });

  it('does not store the result of a load that was in flight when its entry was invalidated', async () => {
    const c = cache<string>();
    let finish!: (value: string) => void;
    const stale = c.load('k', () => new Promise<string>((resolve) => (finish = resolve)));
    c.delete('k');
    const fresh = c.load('k', async () => 'new');
    finish('old');
    expect(await stale).toBe('old');
    expect(await fresh).toBe('new');
    expect(c.get('k')).toBe('new');
  });

  it('invalidates by predicate only the entries that match', () => {
    const c = cache<{ owner: string } | null>();
    c.set('x', { owner: 'a' });
    c.set('y', { owner: 'b' });
    c.set('z', null);
    c.deleteWhere((value) => value === null || value.owner === 'a');
    expect([c.has('x'), c.has('y'), c.has('z')]).toEqual([false, true, false]);
  });

  it('tells the observer every hit and miss, by cache name', async () => {
    const seen: string[] = [];
    observeCaches((name, outcome) => seen.push(`${name}:${outcome}`));
    const c = cache<string>();
    await c.load('k', async () => 'v');
    await c.load('k', async () => 'v');
    expect(seen).toEqual(['test:miss', 'test:hit']);
  });
});
