import type { VerifiedToken } from '../../identity/access-token-verifier';
import type { PresentedCredentials } from '../../identity/client-grants';
import { Deadline } from '../../identity/deadline';
import { IdpUnavailableError, RejectionReason, TokenRejectedError } from '../../identity/identity-errors';
import { GrantExchange, grantsToTry } from './grant-exchange';

type Answer = { accessToken: string; cached: boolean } | RejectionReason;

/** A grant client answering from a script per grant, and a verifier refusing the tokens it is told to. */
function scripted(answers: Record<string, Answer[]>, refused: string[] = []) {
  const calls: string[] = [];
  const forgotten: string[] = [];
  const grants = {
    obtain: async (credentials: PresentedCredentials) => {
      calls.push(credentials.grant);
      const answer = answers[credentials.grant].shift()!;
      if (typeof answer === 'string') throw new TokenRejectedError(answer);
      return answer;
    },
    forget: (credentials: PresentedCredentials) => void forgotten.push(credentials.grant),
  };
  const verifier = {
    verify: async (token: string): Promise<VerifiedToken> => {
      if (refused.includes(token)) throw new TokenRejectedError('unknown_kid');
      return { kind: 'jwt', claims: { token }, expiresAt: null };
    },
  };
  return { exchange: new GrantExchange({ grants, verifier }), calls, forgotten };
}

describe('GrantExchange', () => {
  const basic = { username: 'svc', password: 'secret', basic: 'c3ZjOnNlY3JldA==' };
  const deadline = () => new Deadline(1000);
  const both = ['client_credentials', 'password'] as const;

  it('exchanges client credentials and verifies the token', async () => {
    const { exchange, calls } = scripted({ client_credentials: [{ accessToken: 'at', cached: false }] });
    await expect(exchange.exchange(basic, both, deadline(), '127.0.0.1')).resolves.toMatchObject({ grant: 'client_credentials', token: 'at' });
    expect(calls).toEqual(['client_credentials']);
  });

  it.each(['bad_client_credentials', 'too_many_failures'] as const)('tries the password grant after %s', async (reason) => {
    const { exchange, calls } = scripted({ client_credentials: [reason], password: [{ accessToken: 'user-at', cached: false }] });
    await expect(exchange.exchange(basic, both, deadline(), '127.0.0.1')).resolves.toMatchObject({ grant: 'password', token: 'user-at' });
    expect(calls).toEqual(['client_credentials', 'password']);
  });

  it('gives the last refusal when every grant refuses', async () => {
    const { exchange } = scripted({ client_credentials: ['bad_client_credentials'], password: ['too_many_failures'] });
    await expect(exchange.exchange(basic, both, deadline(), '127.0.0.1')).rejects.toEqual(new TokenRejectedError('too_many_failures'));
  });

  it('stops at any other refusal or an IdP outage', async () => {
    const refused = scripted({ client_credentials: ['bad_password'], password: [{ accessToken: 'x', cached: false }] });
    await expect(refused.exchange.exchange(basic, both, deadline(), '127.0.0.1')).rejects.toEqual(new TokenRejectedError('bad_password'));
    expect(refused.calls).toEqual(['client_credentials']);

    const down = scripted({ client_credentials: [], password: [] });
    down.exchange['deps'].grants.obtain = () => Promise.reject(new IdpUnavailableError('down'));
    await expect(down.exchange.exchange(basic, both, deadline(), '127.0.0.1')).rejects.toBeInstanceOf(IdpUnavailableError);
  });

  it('fetches anew, once, a cached token that no longer verifies', async () => {
    const { exchange, calls, forgotten } = scripted(
      { client_credentials: [{ accessToken: 'stale', cached: true }, { accessToken: 'fresh', cached: false }] },
      ['stale'],
    );
    await expect(exchange.exchange(basic, ['client_credentials'], deadline(), '127.0.0.1')).resolves.toMatchObject({ token: 'fresh' });
    expect(calls).toEqual(['client_credentials', 'client_credentials']);
    expect(forgotten).toEqual(['client_credentials']);
  });

  it('does not retry a fresh token that does not verify, nor a refetched one', async () => {
    const fresh = scripted({ client_credentials: [{ accessToken: 'bad', cached: false }] }, ['bad']);
    await expect(fresh.exchange.exchange(basic, ['client_credentials'], deadline(), '127.0.0.1')).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect(fresh.calls).toHaveLength(1);

    const twice = scripted({ client_credentials: [{ accessToken: 'bad', cached: true }, { accessToken: 'bad', cached: false }] }, ['bad']);
    await expect(twice.exchange.exchange(basic, ['client_credentials'], deadline(), '127.0.0.1')).rejects.toEqual(new TokenRejectedError('unknown_kid'));
    expect(twice.calls).toHaveLength(2);
  });
});

describe('grantsToTry', () => {
  const enabled = new Set(['client_credentials', 'password', 'bearer']);
  it.each([
    [undefined, enabled, ['client_credentials', 'password']],
    [undefined, new Set(['password']), ['password']],
    [' Password ', enabled, ['password']],
    ['client_credentials', enabled, ['client_credentials']],
    ['password', new Set(['client_credentials']), null],
    ['bearer', enabled, null],
    ['authorization_code', enabled, null],
  ])('Grant-Type %p with %p -> %p', (asked, methods, expected) => {
    expect(grantsToTry(asked, methods)).toEqual(expected);
  });
});
