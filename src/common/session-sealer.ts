import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Browsers keep no cookie larger than 4096 bytes, so nothing longer was ever issued. */
const MAX_SEALED_CHARS = 4096;

/**
 * AES-256-GCM, so a sealed value is both unreadable and tamper-evident, with a binding (e.g. the
 * issuing plugin's id) as associated data, so a value sealed for one binding never opens for another.
 */
export class SessionSealer {
  private readonly key: Buffer;

  /**
   * @param purpose the HKDF label: one session secret keys several cookies, and a label per cookie
   * gives each a key no other shares (and keeps the secret itself out of any cipher).
   */
  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'portico', purpose, 32));
  }

  seal(binding: string, payload: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(binding));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The payload, or null for anything forged, altered, sealed for another binding or with another key. */
  open(binding: string, sealed: string): unknown {
    if (sealed.length > MAX_SEALED_CHARS) return null;
    const raw = Buffer.from(sealed, 'base64url');
    // Buffer decoding is lenient (stray characters, padding); only the exact encoding we issue passes.
    if (raw.length < 1 + IV_BYTES + TAG_BYTES + 1 || raw[0] !== VERSION || raw.toString('base64url') !== sealed) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(binding));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as unknown;
    } catch {
      return null;
    }
  }
}
