import { readCookie, removeCookie, serializeCookie } from './session-cookie';

describe('session cookie helpers', () => {
  it('reads a cookie by exact name', () => {
    expect(readCookie('a=1; portico_session=xyz; b=2', 'portico_session')).toBe('xyz');
    expect(readCookie('my_portico_session=1', 'portico_session')).toBeUndefined();
    expect(readCookie('portico_session=a=b', 'portico_session')).toBe('a=b');
    expect(readCookie(undefined, 'portico_session')).toBeUndefined();
  });

  it('removes only that cookie from the header', () => {
    expect(removeCookie('a=1; portico_session=xyz; b=2', 'portico_session')).toBe('a=1; b=2');
    expect(removeCookie('portico_session=xyz', 'portico_session')).toBeNull();
    expect(removeCookie('portico_session=1;portico_session=2', 'portico_session')).toBeNull();
    expect(removeCookie('my_portico_session=1; flag', 'portico_session')).toBe('my_portico_session=1; flag');
  });

  it('serializes the attributes the config asks for', () => {
    expect(serializeCookie('s', 'v', { maxAge: 59.7, sameSite: 'Lax', httpOnly: true, secure: false })).toBe('s=v; Path=/; Max-Age=59; SameSite=Lax; HttpOnly');
    expect(serializeCookie('s', 'v', { sameSite: 'None', httpOnly: false, secure: true })).toBe('s=v; Path=/; SameSite=None; Secure');
  });
});
