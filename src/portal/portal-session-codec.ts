import type { SessionSealer } from '../common/session-sealer';

/** What a portal session cookie carries: who, under which logout generation, until when. */
export interface PortalSession {
  developerId: string;
  generation: number;
  /** Epoch seconds. */
  expiresAt: number;
}

/** The HKDF label of the portal cookie's key: the session secret keys other cookies too. */
export const PORTAL_SESSION_PURPOSE = 'portico portal session v1';
const BINDING = 'portal session';

export function sealPortalSession(sealer: SessionSealer, session: PortalSession): string {
  return sealer.seal(BINDING, [session.developerId, session.generation, session.expiresAt]);
}

/** The session, or null for anything forged, tampered with, sealed under another key, or expired. */
export function openPortalSession(sealer: SessionSealer, cookie: string, nowSeconds: number): PortalSession | null {
  const payload = sealer.open(BINDING, cookie);
  if (!Array.isArray(payload)) return null;
  const [developerId, generation, expiresAt] = payload as unknown[];
  if (typeof developerId !== 'string' || !Number.isInteger(generation) || typeof expiresAt !== 'number') return null;
  if (expiresAt <= nowSeconds) return null;
  return { developerId, generation: generation as number, expiresAt };
}
