import { WindowLimiter } from './window-limiter';

describe('WindowLimiter', () => {
  let now: number;
  const limiter = (opts: Partial<ConstructorParameters<typeof WindowLimiter>[0]> = {}) =>
    new WindowLimiter({ limit: 3, windowMs: 60_000, maxKeys: 100, now: () => now, ...opts });

  beforeEach(() => (now = 1_000_000));

  it('allows `limit` events, then refuses until the window that began with the first one ends', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs('a')).toBe(0);
      l.record('a');
      now += 1000;
    }
    expect(l.retryAfterMs('a')).toBe(57_000);
    now += 56_999;
    expect(l.retryAfterMs('a')).toBe(1);
    now += 1;
    expect(l.retryAfterMs('a')).toBe(0);
  });

  it('starts a fresh window after the old one ended', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.record('a');
    now += 60_000;
    l.record('a');
    l.record('a');
    expect(l.retryAfterMs('a')).toBe(0);
    l.record('a');
    expect(l.retryAfterMs('a')).toBe(60_000);
  });

  it('does not let refused events push the end of the window further away', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.record('a');
    for (let i = 0; i < 100; i++) {
      now += 500;
      expect(l.take('a')).toBeGreaterThan(0);
    }
    now = 1_000_000 + 60_000;
    expect(l.take('a')).toBe(0);
  });

  it('take() checks and counts in one step', () => {
    const l = limiter();
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([0, 0, 0]);
    expect(l.take('a')).toBe(60_000);
  });

  it('keeps keys apart', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.record('a');
    expect(l.retryAfterMs('a')).toBeGreaterThan(0);
    expect(l.retryAfterMs('b')).toBe(0);
  });

  it('forgets a key on request', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.record('a');
    l.forget('a');
    expect(l.retryAfterMs('a')).toBe(0);
  });

  it('bounds its memory, forgetting the window that began longest ago first', () => {
    const l = limiter({ limit: 1, maxKeys: 2 });
    l.record('a');
    now += 1;
    l.record('b');
    now += 1;
    l.record('c');
    expect(l.retryAfterMs('a')).toBe(0);
    expect(l.retryAfterMs('b')).toBeGreaterThan(0);
    expect(l.retryAfterMs('c')).toBeGreaterThan(0);
  });

  it('a restarted window counts as the newest for eviction', () => {
    const l = limiter({ limit: 1, maxKeys: 2 });
    l.record('a');
    now += 1;
    l.record('b');
    now += 60_000;
    l.record('a');
    now += 1;
    l.record('c');
    expect(l.retryAfterMs('a')).toBeGreaterThan(0);
    expect(l.retryAfterMs('b')).toBe(0);
  });
});
