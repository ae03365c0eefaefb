import { createHash } from 'node:crypto';
import type { SessionSealer } from '../../common/session-sealer';

/** The HKDF label of the admin cookie's key: the session secret keys other cookies too. */
export const ADMIN_SESSION_PURPOSE = 'portico admin session v1';
const BINDING = 'admin session';

/**
 * Which admin token a session was opened with, without the token: changing PORTICO_ADMIN_TOKEN
 * ends every browser session opened with the old one.
 */
export const tokenFingerprint = (token: string) => createHash('sha256').update(`portico admin session:${token}`).digest('base64url');

export function sealAdminSession(sealer: SessionSealer, fingerprint: string, expiresAt: number): string {
  return sealer.seal(BINDING, [fingerprint, expiresAt]);
}

/** Whether the cookie is one we sealed, for this token, and not expired. */
export function openAdminSession(sealer: SessionSealer, cookie: string, fingerprint: string, nowSeconds: number): boolean {
  const payload = sealer.open(BINDING, cookie);
  if (!Array.isArray(payload)) return false;
  const [sealedFingerprint, expiresAt] = payload as unknown[];
  return sealedFingerprint === fingerprint && typeof expiresAt === 'number' && expiresAt > nowSeconds;
}
