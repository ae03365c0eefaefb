import { GrantFailureLimits } from './grant-failure-limits';

describe('GrantFailureLimits', () => {
  let now: number;
  const limits = () => new GrantFailureLimits({ perClient: 3, perAddress: 5, windowMs: 60_000, now: () => now });
  const A = '203.0.113.1';
  const B = '198.51.100.2';

  beforeEach(() => (now = 1_000_000));

  it('blocks a client id on an address after the allowed failures, until the window ends', () => {
    const l = limits();
    for (let i = 0; i < 3; i++) {
      expect(l.blocked('client_credentials', 'app', A)).toBe(false);
      l.recordFailure('client_credentials', 'app', A);
    }
    expect(l.blocked('client_credentials', 'app', A)).toBe(true);
    now += 59_999;
    expect(l.blocked('client_credentials', 'app', A)).toBe(true);
    now += 1;
    expect(l.blocked('client_credentials', 'app', A)).toBe(false);
  });

  it('leaves other addresses, other client ids and the other grant alone', () => {
    const l = limits();
    for (let i = 0; i < 3; i++) l.recordFailure('client_credentials', 'app', A);
    expect(l.blocked('client_credentials', 'app', B)).toBe(false);
    expect(l.blocked('client_credentials', 'other-app', A)).toBe(false);
    expect(l.blocked('password', 'app', A)).toBe(false);
  });

  it('blocks an address spraying made-up client ids', () => {
    const l = limits();
    for (let i = 0; i < 5; i++) l.recordFailure('client_credentials', `random-${i}`, A);
    expect(l.blocked('client_credentials', 'never-seen', A)).toBe(true);
    expect(l.blocked('client_credentials', 'never-seen', B)).toBe(false);
    // Refused client credentials (a password user's Basic header is tried as one first) leave the password grant alone.
    expect(l.blocked('password', 'alice', A)).toBe(false);
  });
});
