import { serializeCookie } from './cookies';

describe('session cookie', () => {
  it('serializes the attributes the config asks for', () => {
    expect(serializeCookie('s', 'v', { maxAge: 59.7, sameSite: 'Lax', httpOnly: true, secure: false })).toBe('s=v; Path=/; Max-Age=59; SameSite=Lax; HttpOnly');
    expect(serializeCookie('s', 'v', { sameSite: 'None', httpOnly: false, secure: true })).toBe('s=v; Path=/; SameSite=None; Secure');
  });
});
