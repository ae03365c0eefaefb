import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './password-hasher';

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
});
