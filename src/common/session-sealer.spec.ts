import { SessionSealer } from './session-sealer';

describe('SessionSealer', () => {
  const PURPOSE = 'test cookie v1';
  const a = new SessionSealer('a'.repeat(32), PURPOSE);

  it('opens what it sealed for the same binding', () => {
    const sealed = a.seal('plugin-1', { t: 'token', e: 1 });
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(a.open('plugin-1', sealed)).toEqual({ t: 'token', e: 1 });
    expect(new SessionSealer('a'.repeat(32), PURPOSE).open('plugin-1', sealed)).toEqual({ t: 'token', e: 1 });
  });

  it('never shows the payload in the sealed value, and never seals twice alike', () => {
    const sealed = a.seal('p', { t: 'secret-token' });
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('secret-token');
    expect(a.seal('p', { t: 'secret-token' })).not.toBe(sealed);
  });

  it('refuses every single-byte tampering', () => {
    const raw = Buffer.from(a.seal('plugin-1', { t: 'token' }), 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const copy = Buffer.from(raw);
      copy[i] ^= 0x01;
      expect(a.open('plugin-1', copy.toString('base64url'))).toBeNull();
    }
  });

  it.each([
    ['another binding', (s: string) => a.open('plugin-2', s)],
    ['another secret', (s: string) => new SessionSealer('b'.repeat(32), PURPOSE).open('plugin-1', s)],
    // One secret keys several cookies: each purpose derives a key of its own.
    ['another purpose', (s: string) => new SessionSealer('a'.repeat(32), 'other cookie v1').open('plugin-1', s)],
    ['a truncated value', (s: string) => a.open('plugin-1', s.slice(0, 30))],
    ['a non-canonical encoding', (s: string) => a.open('plugin-1', `${s}x`)],
    ['padding', (s: string) => a.open('plugin-1', `${s}==`)],
    ['another version byte', (s: string) => a.open('plugin-1', Buffer.concat([Buffer.of(2), Buffer.from(s, 'base64url').subarray(1)]).toString('base64url'))],
    ['a value longer than any cookie', () => a.open('plugin-1', a.seal('plugin-1', { t: 'x'.repeat(4000) }))],
    ['garbage', () => a.open('plugin-1', 'not base64 at all!!')],
    ['an empty value', () => a.open('plugin-1', '')],
  ])('refuses %s', (_name, open) => {
    expect(open(a.seal('plugin-1', { t: 'token' }))).toBeNull();
  });
});
