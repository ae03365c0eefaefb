import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Semaphore } from '../common/semaphore';

/**
 * scrypt (RFC 7914) with a random salt per password. The parameters travel with the hash
 * (`scrypt$N$r$p$salt$key`), so they can be raised later without invalidating stored passwords.
 * N=2^15, r=8 costs 32 MiB and tens of milliseconds per guess: cheap for one login, ruinous for a
 * dictionary.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

/**
 * scrypt runs on libuv's thread pool (4 threads by default), which also resolves upstream host names
 * and reads files. Unbounded, a burst of logins or registrations fills every thread and every core
 * and the proxy's latency climbs with it; bounded, the burst queues here and only these requests wait.
 */
const hashing = new Semaphore(Math.max(1, Math.floor(availableParallelism() / 2)));

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  return hashing.run(
    () =>
      new Promise((resolve, reject) =>
        // maxmem must exceed 128·N·r, which the default (32 MiB) only just reaches.
        scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const actual = await derive(password, Buffer.from(parts[4], 'base64url'), { N, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash no password matches, to verify against when the email is unknown: the answer then takes as
 * long as for a known email, so timing does not reveal who is registered.
 */
export const UNKNOWN_USER_HASH = `scrypt$${DEFAULT_SCRYPT.N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$${Buffer.alloc(SALT_BYTES).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;
