import { availableParallelism } from 'node:os';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './password-hasher';

// The real scrypt, watched: how many run at once.
const scryptLoad = { running: 0, most: 0 };
jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return {
    ...actual,
    scrypt: (...args: unknown[]) => {
      const done = args.pop() as (err: Error | null, key: Buffer) => void;
      scryptLoad.most = Math.max(scryptLoad.most, ++scryptLoad.running);
      actual.scrypt(...args, (err: Error | null, key: Buffer) => {
        scryptLoad.running--;
        done(err, key);
      });
    },
  };
});

// Small parameters keep the suite fast; the format and comparison are what is under test.
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hasher', () => {
  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('correct');
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    expect(a).not.toBe(b);
  });

  it('uses the parameters stored with the hash', async () => {
    const hash = await hashPassword('pw', { N: 2048, r: 4, p: 1 });
    await expect(verifyPassword('pw', hash)).resolves.toBe(true);
  });

  it('uses a slow default', async () => {
    expect(await hashPassword('pw')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['too few parts', 'scrypt$1024$8$1$salt'],
    ['bad numbers', 'scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43)],
    ['short key', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('never matches a malformed stored hash (%s)', async (_name, stored) => {
    await expect(verifyPassword('pw', stored)).resolves.toBe(false);
  });

  it('has an unknown-user hash nothing matches', async () => {
    await expect(verifyPassword('', UNKNOWN_USER_HASH)).resolves.toBe(false);
    await expect(verifyPassword('password', UNKNOWN_USER_HASH)).resolves.toBe(false);
  });

  it('runs a bounded number of hashes at once, leaving thread-pool threads and cores for the proxy', async () => {
    scryptLoad.most = 0;
    const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(`pw-${i}`, FAST)));
    expect(new Set(hashes).size).toBe(8);
    expect(scryptLoad.most).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
  });
});
