import { Cache } from '../../common/cache';
import { removeCookie } from '../../common/cookies';
import { Clock, systemClock } from '../../identity/clock';
import type { VerifiedToken } from '../../identity/access-token-verifier';
import type { OpenIdConnectConfig } from './openid-connect.schema';
import { serializeCookie } from '../../common/cookies';

/** Browsers drop cookies larger than 4096 bytes (name and attributes included); a token too big for one gets no session. */
const MAX_COOKIE_VALUE_BYTES = 3900;
/** Sealed sessions kept per plugin for tokens seen again. */
const MAX_SEALED_SESSIONS = 1000;

/** Seals and opens session payloads for one plugin (the SessionCipher, bound to the plugin's id). */
export interface SessionSeal {
  seal(payload: unknown): string;
  open(sealed: string): unknown;
}

export type SessionSettings = Pick<
  OpenIdConnectConfig,
  'session_cookie_name' | 'session_absolute_timeout' | 'session_cookie_same_site' | 'session_cookie_http_only' | 'session_cookie_secure'
>;

export interface SessionPayload {
  /** The access token. */
  t: string;
  /** Its expiry (epoch seconds), when known. */
  e: number | null;
  /** When the session began (epoch seconds), for session_absolute_timeout. */
  c: number;
}

interface SealedSession {
  sealed: string;
  /** When the session ends (epoch seconds): the token's expiry or the absolute timeout, whichever first. */
  endsAt: number | null;
}

/**
 * The openid-connect session's lifecycle: a cookie sealed for a token once (a client repeating the same
 * bearer token gets the same cookie, its session begun when the token was first seen), opened and
 * checked against the absolute timeout and the token's expiry, and kept from the upstream.
 */
export class OidcSessions {
  private readonly sealedSessions = new Cache<SealedSession>({ name: 'oidc-sessions', max: MAX_SEALED_SESSIONS });

  constructor(
    private readonly settings: SessionSettings,
    private readonly seal: SessionSeal,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The access token a session cookie carries, or why it carries none usable. */
  open(sealed: string): { token: string } | { refused: 'session_invalid' | 'session_expired' } {
    const payload = this.seal.open(sealed);
    if (!isSessionPayload(payload)) return { refused: 'session_invalid' };
    const now = this.clock() / 1000;
    const absolute = this.settings.session_absolute_timeout;
    if ((absolute > 0 && now >= payload.c + absolute) || (payload.e !== null && now >= payload.e)) return { refused: 'session_expired' };
    return { token: payload.t };
  }

  /** The Set-Cookie value starting (or continuing) the session for a verified token; null when it gets none. */
  cookieFor(token: string, verified: VerifiedToken, secure: boolean): string | null {
    // Fractional seconds: a session must last its full absolute timeout, not up to a second less.
    const now = this.clock() / 1000;
    const session = this.sealedSessions.get(token) ?? this.start(token, verified, now);
    if (!session) return null;
    const maxAge = session.endsAt === null ? undefined : session.endsAt - now;
    if (maxAge !== undefined && maxAge <= 0) return null;
    return serializeCookie(this.settings.session_cookie_name, session.sealed, {
      maxAge,
      sameSite: this.settings.session_cookie_same_site,
      httpOnly: this.settings.session_cookie_http_only,
      secure: this.settings.session_cookie_secure ?? secure,
    });
  }

  /**
   * The Cookie header the upstream gets: the client's other cookies, never the session's. Undefined
   * when the header needs no change, null when nothing is left of it.
   */
  cookieHeaderForUpstream(header: string | undefined): string | null | undefined {
    const name = this.settings.session_cookie_name;
    if (!header || !header.includes(name)) return undefined;
    return removeCookie(header, name);
  }

  private start(token: string, verified: VerifiedToken, now: number): SealedSession | null {
    const { expiresAt } = verified;
    const absolute = this.settings.session_absolute_timeout;
    const limits = [expiresAt, absolute > 0 ? now + absolute : null].filter((limit): limit is number => limit !== null);
    const endsAt = limits.length ? Math.min(...limits) : null;
    if (endsAt !== null && endsAt <= now) return null;
    const payload: SessionPayload = { t: token, e: expiresAt, c: now };
    const sealed = this.seal.seal(payload);
    if (sealed.length > MAX_COOKIE_VALUE_BYTES) return null;
    const session = { sealed, endsAt };
    if (endsAt !== null) this.sealedSessions.set(token, session, endsAt * 1000);
    return session;
  }
}

function isSessionPayload(value: unknown): value is SessionPayload {
  if (value === null || typeof value !== 'object') return false;
  const { t, e, c } = value as Record<string, unknown>;
  return typeof t === 'string' && t !== '' && (e === null || typeof e === 'number') && typeof c === 'number';
}
