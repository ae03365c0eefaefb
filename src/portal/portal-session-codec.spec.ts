import { deriveSessionKey, openSession, readCookie, sealSession } from './portal-session-codec';

describe('portal session codec', () => {
  const key = deriveSessionKey('x'.repeat(43));
  const session = { developerId: '7f0c3a3e-0c1b-4c51-9d53-8a8f0a2e0d1c', generation: 2, expiresAt: 2_000 };

  it('round-trips a session', () => {
    const cookie = sealSession(key, session);
    expect(openSession(key, cookie, 1_000)).toEqual(session);
    expect(cookie).not.toContain(session.developerId);
  });

  it('derives a key of its own from the secret', () => {
    expect(deriveSessionKey('x'.repeat(43))).toEqual(key);
    expect(deriveSessionKey('y'.repeat(43))).not.toEqual(key);
    expect(key.equals(Buffer.from('x'.repeat(32)))).toBe(false);
  });

  it('refuses an expired session', () => {
    expect(openSession(key, sealSession(key, session), 2_000)).toBeNull();
  });

  it('refuses a cookie sealed under another secret', () => {
    expect(openSession(deriveSessionKey('z'.repeat(43)), sealSession(key, session), 1_000)).toBeNull();
  });

  it('refuses every single-byte tampering', () => {
    const sealed = Buffer.from(sealSession(key, session), 'base64url');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] ^= 0x01;
      expect(openSession(key, copy.toString('base64url'), 1_000)).toBeNull();
    }
  });

  it('refuses a non-canonical encoding of a valid cookie', () => {
    expect(openSession(key, `${sealSession(key, session)}x`, 1_000)).toBeNull();
  });

  it.each(['', 'abc', 'not base64 at all!', 'A'.repeat(5000), 'A'.repeat(60)])('ignores garbage %#', (cookie) => {
    expect(openSession(key, cookie, 1_000)).toBeNull();
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; portico_portal_session=abc; b=2', 'portico_portal_session')).toBe('abc');
    expect(readCookie('xportico_portal_session=abc', 'portico_portal_session')).toBeNull();
    expect(readCookie(undefined, 'a')).toBeNull();
  });
});
