import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now: number;
  const throttle = (opts = {}) => new LoginThrottle({ failures: 3, windowMs: 60_000, now: () => now, ...opts });
  const fail = (t: LoginThrottle, email: string, address: string, times: number) => {
    for (let i = 0; i < times; i++) expect(t.admit(email, address)).toBe(0);
  };

  beforeEach(() => (now = 1_000_000));

  it('admits the allowed failures, then makes that email and address wait out the window', () => {
    const t = throttle();
    fail(t, 'a@x', '192.0.2.1', 3);
    now += 10_000;
    expect(t.admit('a@x', '192.0.2.1')).toBe(50_000);
    now += 50_000;
    expect(t.admit('a@x', '192.0.2.1')).toBe(0);
  });

  it('never locks the developer out from another address', () => {
    const t = throttle();
    fail(t, 'a@x', '192.0.2.1', 3);
    for (let i = 0; i < 100; i++) expect(t.admit('a@x', '192.0.2.1')).toBeGreaterThan(0);
    expect(t.admit('a@x', '198.51.100.7')).toBe(0);
    expect(t.admit('a@x', '2001:db8::1')).toBe(0);
  });

  it('keeps emails apart on one address', () => {
    const t = throttle();
    fail(t, 'a@x', '192.0.2.1', 3);
    expect(t.admit('b@x', '192.0.2.1')).toBe(0);
  });

  it('forgets the pair after a success', () => {
    const t = throttle();
    fail(t, 'a@x', '192.0.2.1', 2);
    t.succeeded('a@x', '192.0.2.1');
    fail(t, 'a@x', '192.0.2.1', 3);
    expect(t.admit('a@x', '192.0.2.1')).toBeGreaterThan(0);
  });

  it('cannot be confused by where the email ends and the address begins', () => {
    const t = throttle({ failures: 1 });
    fail(t, 'a@x', '1.2.3.4', 1);
    expect(t.admit('a@x1', '.2.3.4')).toBe(0);
  });
});
