import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a portal session cookie carries: who, under which logout generation, until when. */
export interface PortalSession {
  developerId: string;
  generation: number;
  /** Epoch seconds. */
  expiresAt: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
// The session secret may also key other cookies (the openid-connect plugin's); a label of our own
// gives this cookie a key no other use shares.
const KEY_LABEL = 'portico portal session v1';

export function deriveSessionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'portico', KEY_LABEL, 32));
}

/** AES-256-GCM: the cookie is unreadable and any change to it is detected. */
export function sealSession(key: Buffer, session: PortalSession): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const payload = JSON.stringify([session.developerId, session.generation, session.expiresAt]);
  const sealed = Buffer.concat([iv, cipher.update(payload, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return sealed.toString('base64url');
}

/** The session, or null for anything forged, tampered with, sealed under another key, or expired. */
export function openSession(key: Buffer, cookie: string, nowSeconds: number): PortalSession | null {
  if (!/^[A-Za-z0-9_-]{40,4096}$/.test(cookie)) return null;
  const sealed = Buffer.from(cookie, 'base64url');
  // Buffer decoding is lenient (stray trailing characters); only the exact encoding we issued passes.
  if (sealed.length <= IV_BYTES + TAG_BYTES || sealed.toString('base64url') !== cookie) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const [developerId, generation, expiresAt] = JSON.parse(plain) as unknown[];
    if (typeof developerId !== 'string' || !Number.isInteger(generation) || typeof expiresAt !== 'number') return null;
    if (expiresAt <= nowSeconds) return null;
    return { developerId, generation: generation as number, expiresAt };
  } catch {
    return null;
  }
}

/** The value of one cookie in a Cookie header (the first, if the client sent several). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
