import type { Claims } from '../../identity/token-claims';
import { firstPresentClaim } from '../../identity/token-claims';
import type { OpenIdConnectConfig } from './openid-connect.schema';

type ConsumerField = OpenIdConnectConfig['consumer_by'][number];

/**
 * The consumer a token names (Kong's consumer_claim / consumer_by): the first claim present, looked up
 * by each field in turn; null when the token names none or no consumer matches.
 */
export async function consumerFor<C>(
  claims: Claims,
  config: Pick<OpenIdConnectConfig, 'consumer_claim' | 'consumer_by'>,
  find: (field: ConsumerField, value: string) => Promise<C | null>,
): Promise<C | null> {
  const value = firstPresentClaim(claims, config.consumer_claim);
  if (value === null) return null;
  for (const field of config.consumer_by) {
    const consumer = await find(field, value);
    if (consumer) return consumer;
  }
  return null;
}
