import { readCookie, removeCookie } from './cookies';

describe('cookie header helpers', () => {
  it('reads a cookie by exact name', () => {
    expect(readCookie('a=1; portico_session=xyz; b=2', 'portico_session')).toBe('xyz');
    expect(readCookie('a=1; portico_portal_session=abc; b=2', 'portico_portal_session')).toBe('abc');
    expect(readCookie('my_portico_session=1', 'portico_session')).toBeUndefined();
    expect(readCookie('xportico_portal_session=abc', 'portico_portal_session')).toBeUndefined();
    expect(readCookie('portico_session=a=b', 'portico_session')).toBe('a=b');
    expect(readCookie('portico_session=first; portico_session=second', 'portico_session')).toBe('first');
    expect(readCookie(undefined, 'portico_session')).toBeUndefined();
    expect(readCookie('', 'portico_session')).toBeUndefined();
  });

  it('removes only that cookie from the header', () => {
    expect(removeCookie('a=1; portico_session=xyz; b=2', 'portico_session')).toBe('a=1; b=2');
    expect(removeCookie('portico_session=xyz', 'portico_session')).toBeNull();
    expect(removeCookie('portico_session=1;portico_session=2', 'portico_session')).toBeNull();
    expect(removeCookie('my_portico_session=1; flag', 'portico_session')).toBe('my_portico_session=1; flag');
  });
});
