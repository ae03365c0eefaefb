import { failedChecks, passedChecks } from './token-checks';

const explain = (reason: string) => `(${reason})`;

describe('token checks for POST /trace', () => {
  it('an expired bearer token passed format to signature, failed on its validity period, and went no further', () => {
    expect(failedChecks('bearer', 'token_expired', explain)).toEqual([
      { check: 'format', verdict: 'passed' },
      { check: 'algorithm', verdict: 'passed' },
      { check: 'token type', verdict: 'passed' },
      { check: 'issuer', verdict: 'passed' },
      { check: 'signature', verdict: 'passed' },
      { check: 'validity period', verdict: 'failed', reason: 'token_expired: (token_expired)' },
      { check: 'audience', verdict: 'not reached' },
      { check: 'scopes', verdict: 'not reached' },
      { check: 'consumer', verdict: 'not reached' },
    ]);
  });

  it.each([
    ['basic', 'bad_client_credentials', 'exchange at the identity provider'],
    ['session', 'session_expired', 'session lifetime'],
    ['bearer', 'token_inactive', 'introspection (active)'],
    ['bearer', 'insufficient_scope', 'scopes'],
  ])('%s refused for %s fails at %s', (type, reason, check) => {
    expect(failedChecks(type, reason, explain).find((c) => c.verdict === 'failed')).toEqual({ check, verdict: 'failed', reason: `${reason}: (${reason})` });
  });

  it('a reason without a check of its own is one failed "credential" line', () => {
    expect(failedChecks('bearer', 'no_credentials', explain)).toEqual([{ check: 'credential', verdict: 'failed', reason: 'no_credentials: (no_credentials)' }]);
  });

  it('an accepted credential passed every check of its kind', () => {
    expect(passedChecks('introspection').every((c) => c.verdict === 'passed')).toBe(true);
    expect(passedChecks('jwt').map((c) => c.check)).toContain('signature');
  });
});
