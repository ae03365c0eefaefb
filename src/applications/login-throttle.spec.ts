import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now: number;
  const throttle = (opts = {}) => new LoginThrottle({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 60_000, now: () => now, ...opts });

  beforeEach(() => (now = 1_000_000));

  it('allows the free failures, then imposes a doubling wait', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs('a@x')).toBe(0);
      t.recordFailure('a@x');
    }
    expect(t.retryAfterMs('a@x')).toBe(1000);
    now += 1000;
    expect(t.retryAfterMs('a@x')).toBe(0);
    t.recordFailure('a@x');
    expect(t.retryAfterMs('a@x')).toBe(2000);
    now += 2000;
    t.recordFailure('a@x');
    expect(t.retryAfterMs('a@x')).toBe(4000);
  });

  it('caps the wait', () => {
    const t = throttle();
    for (let i = 0; i < 40; i++) t.recordFailure('a@x');
    expect(t.retryAfterMs('a@x')).toBe(60_000);
  });

  it('keeps emails apart', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure('a@x');
    expect(t.retryAfterMs('a@x')).toBeGreaterThan(0);
    expect(t.retryAfterMs('b@x')).toBe(0);
  });

  it('forgets an email after a success', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure('a@x');
    t.recordSuccess('a@x');
    t.recordFailure('a@x');
    expect(t.retryAfterMs('a@x')).toBe(0);
  });

  it('starts afresh after a quiet period as long as the longest wait', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) t.recordFailure('a@x');
    now += 60_000;
    expect(t.retryAfterMs('a@x')).toBe(0);
    t.recordFailure('a@x');
    expect(t.retryAfterMs('a@x')).toBe(0);
  });

  it('bounds its memory, forgetting the least recent first', () => {
    const t = throttle({ freeFailures: 0, maxEntries: 2 });
    t.recordFailure('a');
    t.recordFailure('b');
    t.recordFailure('a');
    t.recordFailure('c');
    expect(t.retryAfterMs('b')).toBe(0);
    expect(t.retryAfterMs('a')).toBeGreaterThan(0);
    expect(t.retryAfterMs('c')).toBeGreaterThan(0);
  });
});
