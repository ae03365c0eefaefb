import { Deadline } from './deadline';
import { IdpUnavailableError, TokenRejectedError } from './identity-errors';
import { JwksKeyStore, resolveKey, UNKNOWN_KID_REFETCH_INTERVAL_MS } from './jwks-key-store';
import { FakeJwks, ManualClock, rsaKey } from './testing/fake-idp';

describe('JwksKeyStore', () => {
  const first = rsaKey('k1');
  const rotated = rsaKey('k2');
  const deadline = () => new Deadline(1000);
  let clock: ManualClock;
  let idp: FakeJwks;
  let store: JwksKeyStore;

  beforeEach(() => {
    clock = new ManualClock();
    idp = new FakeJwks(first);
    store = new JwksKeyStore('https://idp.test/jwks', { clock: clock.now, fetchJson: idp.fetchJson });
  });

  it('loads the JWKS once and finds keys by kid', async () => {
    const [a, b] = await Promise.all([resolveKey([store], 'k1', deadline()), resolveKey([store], 'k1', deadline())]);
    expect(a).toBe(b);
    expect(a.kid).toBe('k1');
    expect(idp.fetches).toBe(1);
  });

  it('re-fetches on an unknown kid at most once per 10 s, then refuses it', async () => {
    expect(UNKNOWN_KID_REFETCH_INTERVAL_MS).toBe(10_000);
    await resolveKey([store], 'k1', deadline());
    idp.published = [first, rotated];

    clock.advance(UNKNOWN_KID_REFETCH_INTERVAL_MS - 1);
    await expect(resolveKey([store], 'k2', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    await expect(resolveKey([store], 'nobody', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect(idp.fetches).toBe(1);

    clock.advance(1);
    expect((await resolveKey([store], 'k2', deadline())).kid).toBe('k2');
    expect(idp.fetches).toBe(2);

    // The refetch just made counts: another unknown kid right after asks nobody.
    clock.advance(UNKNOWN_KID_REFETCH_INTERVAL_MS - 1);
    await expect(resolveKey([store], 'nobody', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect(idp.fetches).toBe(2);
    clock.advance(1);
    await expect(resolveKey([store], 'nobody', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect(idp.fetches).toBe(3);
  });

  it('keeps each store to its own window (one per JWKS URI, so one per issuer)', async () => {
    const otherIdp = new FakeJwks(rotated);
    const other = new JwksKeyStore('https://other.test/jwks', { clock: clock.now, fetchJson: otherIdp.fetchJson });
    await resolveKey([store], 'k1', deadline());
    await expect(resolveKey([other], 'k1', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect([idp.fetches, otherIdp.fetches]).toEqual([1, 1]);
  });

  it('honours a configured window', async () => {
    store = new JwksKeyStore('https://idp.test/jwks', { clock: clock.now, fetchJson: idp.fetchJson, unknownKidRefetchIntervalMs: 2000 });
    await resolveKey([store], 'k1', deadline());
    idp.published = [rotated];
    clock.advance(1999);
    await expect(resolveKey([store], 'k2', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    clock.advance(1);
    expect((await resolveKey([store], 'k2', deadline())).kid).toBe('k2');
  });

  it('keeps serving cached keys while the IdP is down, and answers 503 (not a refusal) for a kid it could not look up', async () => {
    const key = await resolveKey([store], 'k1', deadline());
    idp.down = true;
    // Past the background refresh age (an hour) and past the refetch window: every fetch now fails.
    clock.advance(2 * 60 * 60 * 1000);
    expect(await resolveKey([store], 'k1', deadline())).toBe(key);
    expect(store.holds(key)).toBe(true);
    await expect(resolveKey([store], 'k2', deadline())).rejects.toBeInstanceOf(IdpUnavailableError);
    expect(await resolveKey([store], 'k1', deadline())).toBe(key);
    expect(idp.fetches).toBeGreaterThan(1);
  });

  it('answers 503 when the IdP was never reachable', async () => {
    idp.down = true;
    await expect(resolveKey([store], 'k1', deadline())).rejects.toBeInstanceOf(IdpUnavailableError);
  });

  it('keeps an unchanged key across refetches and stops holding a withdrawn one', async () => {
    const key = await resolveKey([store], 'k1', deadline());
    idp.published = [first, rotated];
    clock.advance(UNKNOWN_KID_REFETCH_INTERVAL_MS);
    await resolveKey([store], 'k2', deadline());
    expect(store.holds(key)).toBe(true);
    expect(await resolveKey([store], 'k1', deadline())).toBe(key);

    idp.published = [rotated];
    clock.advance(UNKNOWN_KID_REFETCH_INTERVAL_MS);
    await expect(resolveKey([store], 'gone', deadline())).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect(store.holds(key)).toBe(false);
  });
});
