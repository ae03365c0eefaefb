import type { Strategy } from 'passport-strategy';

/** A strategy said no without an error object of its own (passport's `fail(challenge, status)`). */
export class StrategyFailure extends Error {
  constructor(readonly challenge: unknown) {
    super('authentication failed');
  }
}

/**
 * Runs a passport strategy against one request and settles with its verdict, the way passport's own
 * middleware does (a per-attempt object inheriting from the strategy, given success/fail/error), but
 * without Express, sessions or a Nest guard per proxied request.
 */
export function runStrategy<User>(strategy: Strategy, request: object): Promise<User> {
  return new Promise<User>((resolve, reject) => {
    const attempt = Object.create(strategy) as Strategy & Record<string, unknown>;
    attempt.success = (user: User) => resolve(user);
    attempt.fail = (challenge: unknown) => reject(challenge instanceof Error ? challenge : new StrategyFailure(challenge));
    attempt.error = (err: unknown) => reject(err);
    attempt.pass = () => reject(new StrategyFailure('pass'));
    attempt.redirect = () => reject(new StrategyFailure('redirect'));
    try {
      attempt.authenticate(request as never, {});
    } catch (err) {
      reject(err);
    }
  });
}
