import { SessionSealer } from '../../common/session-sealer';
import { openAdminSession, sealAdminSession, tokenFingerprint } from './admin-session-codec';

describe('admin session cookie', () => {
  const sealer = new SessionSealer('secret', 'portico admin session v1');
  const fingerprint = tokenFingerprint('the-token');

  it('opens for the same token before it expires', () => {
    expect(openAdminSession(sealer, sealAdminSession(sealer, fingerprint, 1_000), fingerprint, 999)).toBe(true);
  });

  it.each([
    ['expired', sealAdminSession(sealer, fingerprint, 1_000), fingerprint, 1_000],
    ['opened with another token', sealAdminSession(sealer, tokenFingerprint('old-token'), 1_000), fingerprint, 0],
    ['sealed under another key', sealAdminSession(new SessionSealer('other', 'portico admin session v1'), fingerprint, 1_000), fingerprint, 0],
    ['a portal cookie', new SessionSealer('secret', 'portico admin session v1').seal('portal session', [fingerprint, 1_000]), fingerprint, 0],
    ['garbage', 'not-a-cookie', fingerprint, 0],
  ])('refuses a cookie %s', (_label, cookie, expected, now) => {
    expect(openAdminSession(sealer, cookie as string, expected as string, now as number)).toBe(false);
  });

  it('never carries the token itself', () => {
    expect(tokenFingerprint('the-token')).not.toContain('the-token');
  });
});
