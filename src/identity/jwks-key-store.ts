import { createPublicKey, KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';
import { Clock, systemClock } from './clock';
import type { Deadline } from './deadline';
import { getIdpJson, IdpAnswer } from './idp-http';
import { IdpUnavailableError, TokenRejectedError } from './identity-errors';
import { RefreshingValue } from './refreshing-value';

/** A public key from a JWKS, turned into a KeyObject once: verifying with a PEM string re-parses it every time. */
export interface VerificationKey {
  readonly kid: string | undefined;
  /** The JWK's `alg`, when it names one: a token signed with another algorithm is refused. */
  readonly alg: string | undefined;
  readonly key: KeyObject;
  readonly pem: string;
}

interface KeySet {
  byKid: Map<string, VerificationKey>;
  all: VerificationKey[];
}

/** SPEC: on an unknown kid the JWKS is fetched again at most once per 10 s per issuer. */
export const UNKNOWN_KID_REFETCH_INTERVAL_MS = 10_000;

export interface KeyStoreOptions {
  clock?: Clock;
  /** The shortest time between two fetches caused by unknown kids (the SPEC's 10 s unless configured). */
  unknownKidRefetchIntervalMs?: number;
  /** How the JWKS document is read: the IdP over HTTP, or a stand-in in unit tests. */
  fetchJson?: (url: string, timeoutMs: number) => Promise<IdpAnswer>;
}
/** Keys are re-read in the background this often, so a key the IdP withdrew stops being trusted. */
const KEYS_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * The signing keys published at one JWKS URI. jwks-rsa fetches and parses the document (its own
 * cache and rate limiter stay off: its cache refetches on every unknown kid, its limiter then refuses
 * valid keys for a minute, and it hands out PEM strings); this store keeps KeyObjects per kid,
 * refetches on an unknown kid at most once per 10 s, and keeps the old keys while the IdP is down.
 */
export class JwksKeyStore {
  private readonly document: RefreshingValue<KeySet>;
  private readonly refetchIntervalMs: number;
  private readonly fetchJson: NonNullable<KeyStoreOptions['fetchJson']>;

  constructor(
    readonly uri: string,
    options: KeyStoreOptions = {},
  ) {
    this.refetchIntervalMs = options.unknownKidRefetchIntervalMs ?? UNKNOWN_KID_REFETCH_INTERVAL_MS;
    this.fetchJson = options.fetchJson ?? getIdpJson;
    this.document = new RefreshingValue((timeoutMs) => this.fetch(timeoutMs), KEYS_MAX_AGE_MS, `jwks ${uri}`, 'jwks', options.clock ?? systemClock);
  }

  /** The current key for `kid`, without waiting for anything (a kid-less token matches a set of exactly one key). */
  find(kid: string | undefined, timeoutMs: number): VerificationKey | undefined {
    return pick(this.document.peek(timeoutMs), kid);
  }

  /** Whether `key` is still published: a verified token stops being trusted once its key is gone. */
  holds(key: VerificationKey): boolean {
    return pick(this.document.current(), key.kid) === key;
  }

  load(deadline: Deadline): Promise<unknown> {
    return this.document.get(deadline);
  }

  refreshIfDue(timeoutMs: number): Promise<unknown> | null {
    return this.document.refreshIfDue(this.refetchIntervalMs, timeoutMs);
  }

  get lastFetchFailed(): boolean {
    return this.document.lastAttemptFailed;
  }

  retryAfterSeconds(): number {
    return this.document.retryAfterSeconds();
  }

  private async fetch(timeoutMs: number): Promise<KeySet> {
    const client = new JwksClient({
      jwksUri: this.uri,
      cache: false,
      rateLimit: false,
      fetcher: async (uri: string) => {
        const { status, body } = await this.fetchJson(uri, timeoutMs);
        if (status !== 200) throw new IdpUnavailableError(`jwks answered ${status}`);
        return body as { keys: unknown };
      },
    });
    let signingKeys;
    try {
      signingKeys = await client.getSigningKeys();
    } catch (err) {
      if (err instanceof IdpUnavailableError) throw err;
      throw new IdpUnavailableError(`jwks unusable: ${(err as Error).message}`);
    }
    const previous = this.document.current();
    const all: VerificationKey[] = [];
    const byKid = new Map<string, VerificationKey>();
    for (const signingKey of signingKeys) {
      const pem = signingKey.getPublicKey();
      const kid = signingKey.kid || undefined;
      // An unchanged key keeps its identity, so tokens verified with it stay cached across refetches.
      const kept = kid === undefined ? previous?.all.find((k) => k.kid === undefined && k.pem === pem) : previous?.byKid.get(kid);
      const key = kept && kept.pem === pem ? kept : { kid, alg: signingKey.alg || undefined, key: createPublicKey(pem), pem };
      all.push(key);
      if (kid !== undefined && !byKid.has(kid)) byKid.set(kid, key);
    }
    return { byKid, all };
  }
}

function pick(set: KeySet | undefined, kid: string | undefined): VerificationKey | undefined {
  if (!set) return undefined;
  return kid === undefined ? (set.all.length === 1 ? set.all[0] : undefined) : set.byKid.get(kid);
}

/**
 * Finds the key for `kid` among a plugin's key stores (the issuer's JWKS and its extra_jwks_uris),
 * loading them on first use. An unknown kid triggers one refetch per store (at most every 10 s);
 * still unknown, the token is refused, unless the IdP could not be asked, which is a 503.
 */
export async function resolveKey(stores: readonly JwksKeyStore[], kid: string | undefined, deadline: Deadline): Promise<VerificationKey> {
  const findIn = () => {
    for (const store of stores) {
      const key = store.find(kid, deadline.timeoutMs);
      if (key) return key;
    }
    return undefined;
  };
  let key = findIn();
  if (key) return key;
  const loaded = await Promise.allSettled(stores.map((store) => store.load(deadline)));
  key = findIn();
  if (key) return key;

  const refetches = stores.map((store) => store.refreshIfDue(deadline.timeoutMs)).filter((p): p is Promise<unknown> => p !== null);
  const refetched = await Promise.allSettled(refetches.map((p) => deadline.race(p)));
  key = findIn();
  if (key) return key;

  // The key may exist at a JWKS we could not read (down, or too slow for this request): that is a 503, not a refusal.
  const failure = [...loaded, ...refetched].find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
  if (failure instanceof IdpUnavailableError) throw failure;
  const unavailable = stores.find((store) => store.lastFetchFailed);
  if (failure || unavailable) throw new IdpUnavailableError('jwks unavailable', unavailable?.retryAfterSeconds());
  throw new TokenRejectedError('unknown_kid');
}
