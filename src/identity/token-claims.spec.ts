import { checkTimeClaims, claimAt, claimValues, firstPresentClaim, satisfiesAnyOf } from './token-claims';

describe('checkTimeClaims', () => {
  const now = 1_000_000;
  it.each([
    ['valid', { exp: now + 10 }, 0, null],
    ['no exp', {}, 0, 'missing_exp'],
    ['exp not a number', { exp: 'soon' }, 0, 'malformed_token'],
    ['nbf not a number', { exp: now + 10, nbf: 'x' }, 0, 'malformed_token'],
    ['expired', { exp: now - 1 }, 0, 'token_expired'],
    ['expiring this very second', { exp: now }, 0, 'token_expired'],
    ['expired, within leeway', { exp: now - 5 }, 10, null],
    ['expired, beyond leeway', { exp: now - 10 }, 10, 'token_expired'],
    ['nbf in the future', { exp: now + 100, nbf: now + 1 }, 0, 'token_not_yet_valid'],
    ['nbf in the future, within leeway', { exp: now + 100, nbf: now + 5 }, 5, null],
    ['iat in the future', { exp: now + 100, iat: now + 1 }, 0, 'token_issued_in_future'],
    ['iat in the future, within leeway', { exp: now + 100, iat: now + 3 }, 5, null],
  ])('%s', (_name, claims, leeway, expected) => {
    expect(checkTimeClaims(claims, leeway, now)).toBe(expected);
  });
});

describe('satisfiesAnyOf (scopes_required, audience_required)', () => {
  it.each([
    [null, [], true],
    [[], ['read'], true],
    [['read'], ['read', 'write'], true],
    [['read write'], ['read'], false],
    [['read write'], ['write', 'read'], true],
    [['read write', 'admin'], ['admin'], true],
    [['read write', 'admin'], ['write'], false],
    [['  read   write '], ['read', 'write'], true],
    [[' '], ['read'], false],
  ])('%j with %j → %s', (required, present, expected) => {
    expect(satisfiesAnyOf(required, present)).toBe(expected);
  });
});

describe('claimValues', () => {
  it('splits a space-separated string and keeps the strings of an array', () => {
    expect(claimValues('read  write')).toEqual(['read', 'write']);
    expect(claimValues(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(claimValues(undefined)).toEqual([]);
    expect(claimValues({ a: 1 })).toEqual([]);
  });
});

describe('claimAt', () => {
  it('follows a path into nested objects', () => {
    const claims = { scope: 'a', realm_access: { roles: ['x'] } };
    expect(claimAt(claims, ['scope'])).toBe('a');
    expect(claimAt(claims, ['realm_access', 'roles'])).toEqual(['x']);
    expect(claimAt(claims, ['scope', 'deeper'])).toBeUndefined();
    expect(claimAt(claims, ['missing', 'roles'])).toBeUndefined();
  });
});

describe('firstPresentClaim (consumer_claim)', () => {
  const names = ['application_id', 'client_id', 'cid', 'azp', 'appid'];
  it.each([
    [{ application_id: 'app', client_id: 'c' }, 'app'],
    [{ client_id: 'c', azp: 'z' }, 'c'],
    [{ application_id: '', cid: 'okta' }, 'okta'],
    [{ appid: 42 }, '42'],
    [{ application_id: ['x'], azp: { a: 1 } }, null],
    [{}, null],
  ])('%j → %s', (claims, expected) => {
    expect(firstPresentClaim(claims, names)).toBe(expected);
  });
});
