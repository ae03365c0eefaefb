import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import type { IdpAnswer } from '../idp-http';
import { IdpUnavailableError } from '../identity-errors';

/** For unit specs only: an IdP in memory whose JWKS can rotate or go down, and a clock tests move by hand. */

export interface TestKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function rsaKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

/** An RS256 token with the given header fields and claims. */
export function signRs256(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'at+jwt', kid: key.kid, ...header })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export class FakeJwks {
  published: TestKey[];
  down = false;
  fetches = 0;

  constructor(...keys: TestKey[]) {
    this.published = keys;
  }

  readonly fetchJson = async (_url: string, _timeoutMs: number): Promise<IdpAnswer> => {
    this.fetches++;
    if (this.down) throw new IdpUnavailableError('connection refused');
    return { status: 200, body: { keys: this.published.map((k) => k.jwk) } } as IdpAnswer;
  };
}

export class ManualClock {
  constructor(public nowMs = 1_800_000_000_000) {}
  readonly now = () => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}
