import { SessionSealer } from './session-sealer';

describe('SessionSealer', () => {
  const a = new SessionSealer('a'.repeat(32));

  it('opens what it sealed for the same binding', () => {
    const sealed = a.seal('plugin-1', { t: 'token', e: 1 });
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(a.open('plugin-1', sealed)).toEqual({ t: 'token', e: 1 });
    expect(new SessionSealer('a'.repeat(32)).open('plugin-1', sealed)).toEqual({ t: 'token', e: 1 });
  });

  it('never shows the payload in the sealed value, and never seals twice alike', () => {
    const sealed = a.seal('p', { t: 'secret-token' });
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('secret-token');
    expect(a.seal('p', { t: 'secret-token' })).not.toBe(sealed);
  });

  it.each([
    ['another binding', (s: string) => a.open('plugin-2', s)],
    ['another secret', (s: string) => new SessionSealer('b'.repeat(32)).open('plugin-1', s)],
    [
      'a flipped byte',
      (s: string) => {
        const raw = Buffer.from(s, 'base64url');
        raw[20] ^= 1;
        return a.open('plugin-1', raw.toString('base64url'));
      },
    ],
    ['a truncated value', (s: string) => a.open('plugin-1', s.slice(0, 30))],
    ['another version byte', (s: string) => a.open('plugin-1', Buffer.concat([Buffer.of(2), Buffer.from(s, 'base64url').subarray(1)]).toString('base64url'))],
    ['garbage', () => a.open('plugin-1', 'not base64 at all!!')],
    ['an empty value', () => a.open('plugin-1', '')],
  ])('refuses %s', (_name, open) => {
    expect(open(a.seal('plugin-1', { t: 'token' }))).toBeNull();
  });
});
