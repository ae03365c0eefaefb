import { SessionSealer } from '../common/session-sealer';
import { openPortalSession, PORTAL_SESSION_PURPOSE, sealPortalSession } from './portal-session-codec';

describe('portal session codec', () => {
  const sealer = new SessionSealer('x'.repeat(43), PORTAL_SESSION_PURPOSE);
  const session = { developerId: '7f0c3a3e-0c1b-4c51-9d53-8a8f0a2e0d1c', generation: 2, expiresAt: 2_000 };

  it('round-trips a session', () => {
    const cookie = sealPortalSession(sealer, session);
    expect(openPortalSession(sealer, cookie, 1_000)).toEqual(session);
    expect(openPortalSession(new SessionSealer('x'.repeat(43), PORTAL_SESSION_PURPOSE), cookie, 1_000)).toEqual(session);
    expect(cookie).not.toContain(session.developerId);
  });

  it('refuses an expired session', () => {
    expect(openPortalSession(sealer, sealPortalSession(sealer, session), 2_000)).toBeNull();
  });

  it('refuses a cookie sealed under another secret', () => {
    const other = new SessionSealer('z'.repeat(43), PORTAL_SESSION_PURPOSE);
    expect(openPortalSession(other, sealPortalSession(sealer, session), 1_000)).toBeNull();
  });

  it('refuses a cookie sealed with the same secret for another purpose (the openid-connect session)', () => {
    const oidc = new SessionSealer('x'.repeat(43), 'session cookie v1');
    expect(openPortalSession(sealer, sealPortalSession(oidc, session), 1_000)).toBeNull();
  });

  it('refuses every single-byte tampering', () => {
    const sealed = Buffer.from(sealPortalSession(sealer, session), 'base64url');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] ^= 0x01;
      expect(openPortalSession(sealer, copy.toString('base64url'), 1_000)).toBeNull();
    }
  });

  it('refuses a non-canonical encoding of a valid cookie', () => {
    expect(openPortalSession(sealer, `${sealPortalSession(sealer, session)}x`, 1_000)).toBeNull();
  });

  it.each([
    ['another binding', sealer.seal('other', [session.developerId, session.generation, session.expiresAt])],
    ['a payload of another shape', sealer.seal('portal session', { developerId: session.developerId })],
    ['a fractional generation', sealer.seal('portal session', [session.developerId, 1.5, session.expiresAt])],
    ['a numeric developer id', sealer.seal('portal session', [7, 2, session.expiresAt])],
  ])('refuses %s', (_name, cookie) => {
    expect(openPortalSession(sealer, cookie, 1_000)).toBeNull();
  });

  it.each(['', 'abc', 'not base64 at all!', 'A'.repeat(5000), 'A'.repeat(60)])('ignores garbage %#', (cookie) => {
    expect(openPortalSession(sealer, cookie, 1_000)).toBeNull();
  });
});
