import type { AcceptedTokens, VerifiedToken } from '../../identity/access-token-verifier';
import type { GrantType, ObtainedToken, PresentedCredentials } from '../../identity/client-grants';
import type { Deadline } from '../../identity/deadline';
import { TokenRejectedError } from '../../identity/identity-errors';

/** What the exchange needs from the grant client and the verifier (ClientGrants, AccessTokenVerifier). */
export interface GrantExchangeDeps {
  grants: {
    obtain(credentials: PresentedCredentials, deadline: Deadline, clientAddress: string): Promise<ObtainedToken>;
    forget(credentials: PresentedCredentials, deadline: Deadline): void;
  };
  verifier: { verify(token: string, deadline: Deadline, accept: AcceptedTokens): Promise<VerifiedToken> };
}

export type BasicCredentials = Pick<PresentedCredentials, 'username' | 'password' | 'basic'>;

export interface Exchanged {
  grant: GrantType;
  token: string;
  verified: VerifiedToken;
}

const ANY_TOKEN: AcceptedTokens = { jwt: true, introspection: true };

/**
 * Basic credentials turned into a verified access token at the IdP: each grant in turn, the next only
 * when the IdP does not know the client (the same Basic header may still be a user's, for the password
 * grant); a cached token that no longer verifies is fetched anew, once.
 */
export class GrantExchange {
  constructor(private readonly deps: GrantExchangeDeps) {}

  async exchange(found: BasicCredentials, grants: readonly GrantType[], deadline: Deadline, from: string): Promise<Exchanged> {
    let refusal: unknown;
    for (const grant of grants) {
      const credentials: PresentedCredentials = { grant, username: found.username, password: found.password, basic: found.basic };
      try {
        return { grant, ...(await this.obtainVerified(credentials, deadline, from)) };
      } catch (err) {
        if (!(err instanceof TokenRejectedError && (err.reason === 'bad_client_credentials' || err.reason === 'too_many_failures'))) throw err;
        refusal = err;
      }
    }
    throw refusal;
  }

  private async obtainVerified(credentials: PresentedCredentials, deadline: Deadline, from: string): Promise<{ token: string; verified: VerifiedToken }> {
    const { grants, verifier } = this.deps;
    const obtained = await grants.obtain(credentials, deadline, from);
    try {
      return { token: obtained.accessToken, verified: await verifier.verify(obtained.accessToken, deadline, ANY_TOKEN) };
    } catch (err) {
      if (!(err instanceof TokenRejectedError && obtained.cached)) throw err;
      grants.forget(credentials, deadline);
      const fresh = await grants.obtain(credentials, deadline, from);
      return { token: fresh.accessToken, verified: await verifier.verify(fresh.accessToken, deadline, ANY_TOKEN) };
    }
  }
}

/**
 * The grants to try for a Basic credential: `Grant-Type` picks one; without it, client credentials are
 * tried before password. Null when the header asks for a grant the plugin does not enable.
 */
export function grantsToTry(asked: string | string[] | undefined, enabled: ReadonlySet<string>): GrantType[] | null {
  if (asked === undefined) return (['client_credentials', 'password'] as const).filter((grant) => enabled.has(grant));
  const grant = String(asked).trim().toLowerCase();
  if ((grant === 'client_credentials' || grant === 'password') && enabled.has(grant)) return [grant];
  return null;
}
