import type { VerifiedToken } from '../../identity/access-token-verifier';
import { ManualClock } from '../../identity/testing/fake-idp';
import { OidcSessions, SessionSeal, SessionSettings } from './oidc-sessions';

/** A seal that shows what it sealed (JSON), so tests can read and tamper with it. */
const readableSeal = (): SessionSeal & { seals: number } => {
  const seal = {
    seals: 0,
    seal: (payload: unknown) => {
      seal.seals++;
      return `sealed:${JSON.stringify(payload)}`;
    },
    open: (sealed: string) => (sealed.startsWith('sealed:') ? JSON.parse(sealed.slice('sealed:'.length)) : null),
  };
  return seal;
};

describe('OidcSessions', () => {
  const settings: SessionSettings = {
    session_cookie_name: 'portico_session',
    session_absolute_timeout: 60,
    session_cookie_same_site: 'Lax',
    session_cookie_http_only: true,
    session_cookie_secure: null,
  };
  let clock: ManualClock;
  let seal: ReturnType<typeof readableSeal>;
  let sessions: OidcSessions;
  const nowSeconds = () => clock.nowMs / 1000;
  const verified = (expiresAt: number | null): VerifiedToken => ({ kind: 'jwt', claims: {}, expiresAt });
  const sealedOf = (cookie: string) => cookie.split(';')[0].slice('portico_session='.length);

  beforeEach(() => {
    clock = new ManualClock();
    seal = readableSeal();
    sessions = new OidcSessions(settings, seal, clock.now);
  });

  it('seals a session once per token and lasts until the absolute timeout or the token expiry, whichever first', () => {
    const cookie = sessions.cookieFor('tok', verified(nowSeconds() + 3600), false)!;
    expect(cookie).toMatch(/^portico_session=sealed:.*; Path=\/; Max-Age=60; SameSite=Lax; HttpOnly$/);
    clock.advance(20_000);
    const again = sessions.cookieFor('tok', verified(nowSeconds() + 3600), false)!;
    expect(sealedOf(again)).toBe(sealedOf(cookie));
    expect(again).toMatch(/Max-Age=40;/);
    expect(seal.seals).toBe(1);
    expect(sessions.cookieFor('short', verified(nowSeconds() + 10), true)).toMatch(/Max-Age=10;.*; Secure$/);
  });

  it('gives no cookie for a token already expired, nor once its session has ended', () => {
    expect(sessions.cookieFor('old', verified(nowSeconds() - 1), false)).toBeNull();
    sessions.cookieFor('tok', verified(nowSeconds() + 30), false);
    clock.advance(30_000);
    expect(sessions.cookieFor('tok', verified(nowSeconds()), false)).toBeNull();
  });

  it('opens its own cookie, and ends it at the absolute timeout or the token expiry', () => {
    const sealed = sealedOf(sessions.cookieFor('tok', verified(nowSeconds() + 30), false)!);
    expect(sessions.open(sealed)).toEqual({ token: 'tok' });
    clock.advance(29_999);
    expect(sessions.open(sealed)).toEqual({ token: 'tok' });
    clock.advance(1);
    expect(sessions.open(sealed)).toEqual({ refused: 'session_expired' });

    const long = sealedOf(sessions.cookieFor('long', verified(null), false)!);
    clock.advance(59_999);
    expect(sessions.open(long)).toEqual({ token: 'long' });
    clock.advance(1);
    expect(sessions.open(long)).toEqual({ refused: 'session_expired' });
  });

  it.each([
    ['not ours', 'garbage'],
    ['no token', 'sealed:{"t":"","e":null,"c":1}'],
    ['a wrong type', 'sealed:{"t":"x","e":"soon","c":1}'],
    ['no start', 'sealed:{"t":"x","e":null}'],
    ['not an object', 'sealed:"x"'],
  ])('refuses a session payload with %s', (_name, sealed) => {
    expect(sessions.open(sealed)).toEqual({ refused: 'session_invalid' });
  });

  it('seals no session for a token too big for a cookie', () => {
    expect(sessions.cookieFor('x'.repeat(4000), verified(nowSeconds() + 30), false)).toBeNull();
  });

  it('honours a configured Secure over the request scheme', () => {
    const secure = new OidcSessions({ ...settings, session_cookie_secure: false }, seal, clock.now);
    expect(secure.cookieFor('tok', verified(null), true)).not.toMatch(/Secure/);
  });

  it.each([
    [undefined, undefined],
    ['a=1; b=2', undefined],
    ['portico_session=abc', null],
    ['a=1; portico_session=abc; b=2', 'a=1; b=2'],
  ])('keeps the session cookie from the upstream: %p -> %p', (header, forwarded) => {
    expect(sessions.cookieHeaderForUpstream(header)).toBe(forwarded);
  });
});
