import { Semaphore } from '../common/semaphore';
import { Clock, systemClock } from './clock';
import type { Deadline } from './deadline';
import { Cache } from '../common/cache';
import { GrantFailureLimits } from './grant-failure-limits';
import { discover, IssuerMetadata } from './issuer-discovery';
import { JwksKeyStore, KeyStoreOptions, VerificationKey } from './jwks-key-store';
import { RefreshingValue } from './refreshing-value';
import { SecondSighting } from './second-sighting';
import type { Claims } from './token-claims';
import type { RejectionReason } from './identity-errors';

/** Discovery rarely changes; re-read hourly in the background, old copy serving meanwhile. */
const METADATA_MAX_AGE_MS = 60 * 60 * 1000;
const MAX_CACHED = 10_000;
/** Slots of the verified-token cache's admission filter (4 bytes each). */
const TOKEN_SIGHTING_SLOTS = 16_384;
/** SPEC §5: token-endpoint calls per issuer at once; more wait (up to the plugin's timeout). */
const MAX_TOKEN_CALLS_IN_FLIGHT = 32;

export interface VerifiedJwt {
  claims: Claims;
  /** The key that vouched for the token: once its store no longer holds it, the entry is void. */
  key: VerificationKey;
}

export type IntrospectionResult = { active: true; claims: Claims } | { active: false };

/** What an Issuer reads the time and the IdP with: the defaults in production, stand-ins in unit tests. */
export interface IssuerOptions {
  clock?: Clock;
  discover?: (issuer: string, timeoutMs: number) => Promise<IssuerMetadata>;
  keyStores?: Omit<KeyStoreOptions, 'clock'>;
}

export type GrantResult = { ok: true; accessToken: string } | { ok: false; reason: RejectionReason };

/**
 * Everything Portico knows about one issuer, shared by every plugin that names it: its discovery
 * document, its key stores, and the caches of what it said about tokens. All cache keys live inside
 * one Issuer, so two issuers can never answer for each other.
 */
export class Issuer {
  private readonly discovery: RefreshingValue<IssuerMetadata>;
  private readonly keyStores = new Map<string, JwksKeyStore>();
  readonly verifiedTokens = new Cache<VerifiedJwt>({ name: 'verified-tokens', max: MAX_CACHED });
  /** Which verified JWTs have been seen before: only those get a verifiedTokens entry. */
  readonly tokenSightings = new SecondSighting(TOKEN_SIGHTING_SLOTS);
  readonly introspections = new Cache<IntrospectionResult>({ name: 'introspections', max: MAX_CACHED });
  readonly grants = new Cache<GrantResult>({ name: 'token-grants', max: MAX_CACHED });
  readonly grantFailures = new GrantFailureLimits();
  readonly tokenCalls = new Semaphore(MAX_TOKEN_CALLS_IN_FLIGHT);

  readonly clock: Clock;

  constructor(
    readonly url: string,
    private readonly options: IssuerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    const read = options.discover ?? discover;
    this.discovery = new RefreshingValue((timeoutMs) => read(url, timeoutMs), METADATA_MAX_AGE_MS, `discovery ${url}`, 'oidc-discovery', this.clock);
  }

  /** The metadata if already known (the request path's fast way), else undefined. */
  knownMetadata(timeoutMs: number): IssuerMetadata | undefined {
    return this.discovery.peek(timeoutMs);
  }

  metadata(deadline: Deadline): Promise<IssuerMetadata> {
    return this.discovery.get(deadline);
  }

  keyStore(uri: string): JwksKeyStore {
    let store = this.keyStores.get(uri);
    if (!store) {
      store = new JwksKeyStore(uri, { ...this.options.keyStores, clock: this.clock });
      this.keyStores.set(uri, store);
    }
    return store;
  }
}
