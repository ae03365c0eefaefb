import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  afterEach(() => jest.restoreAllMocks());
  const later = (ms: number) => Date.now() + ms;

  it('returns values until they expire', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('a', 'A', later(1000));
    expect(cache.get('a')).toBe('A');
    expect(cache.get('a', later(1000))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store what has already expired', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('a', 'A', Date.now() - 1);
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const cache = new ExpiringCache<number>(2);
    cache.set('a', 1, later(1000));
    cache.set('b', 2, later(1000));
    cache.set('c', 3, later(1000));
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('shares one load between concurrent callers of a key, and caches its result', async () => {
    const cache = new ExpiringCache<string>(10);
    const load = jest.fn(async () => ({ value: 'v', expiresAt: later(1000) }));
    const results = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect(results).toEqual(['v', 'v', 'v']);
    expect(await cache.getOrLoad('k', load)).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed load', async () => {
    const cache = new ExpiringCache<string>(10);
    await expect(cache.getOrLoad('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrLoad('k', async () => ({ value: 'ok', expiresAt: later(1000) }))).toBe('ok');
  });
});
