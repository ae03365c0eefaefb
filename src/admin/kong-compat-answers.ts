/**
 * Entity kinds Kong has and Portico does not. decK lists every one of them on dump, diff and sync, and
 * aborts on a 404, so they answer as empty lists.
 */
export const ABSENT_KINDS = [
  'certificates', 'snis', 'upstreams', 'ca_certificates', 'vaults', 'keys', 'key-sets', 'consumer_groups',
  'key-auths', 'basic-auths', 'jwts', 'hmac-auths', 'oauth2', 'mtls-auths', 'partials', 'filter-chains',
] as const;

/** Kong's answer to a body that passes `POST /schemas/{entity}/validate`. */
export const VALIDATION_PASSED = { message: 'schema validation successful' };
