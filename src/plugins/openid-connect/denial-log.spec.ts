import { PorticoError } from '../../common/http-errors';
import { IdpUnavailableError, TokenRejectedError } from '../../identity/identity-errors';
import { toDenial } from './denial-log';
import { OidcDenials } from './oidc-denials';

describe('toDenial', () => {
  const denials = new OidcDenials('idp.test', { display_errors: false, unauthorized_error_message: 'Unauthorized', forbidden_error_message: 'Forbidden' });
  const scene = { request_id: 'req-1', plugin: 'openid-connect', issuer: 'https://idp.test', route: 'r1', service: 's1' };

  it('keeps a denial the plugin already built', () => {
    const error = denials.forbidden('insufficient_scope');
    expect(toDenial(error, denials, scene)).toBe(error);
  });

  it('turns a refused token into 401 invalid_token with its reason', () => {
    expect(toDenial(new TokenRejectedError('token_expired'), denials, scene)).toMatchObject({
      status: 401,
      body: { message: 'Unauthorized' },
      reason: 'token_expired',
      headers: { 'www-authenticate': 'Bearer realm="idp.test", error="invalid_token"' },
    });
  });

  it('turns an unreachable IdP into 503 with its Retry-After', () => {
    expect(toDenial(new IdpUnavailableError('down', 7), denials, scene)).toMatchObject({ status: 503, headers: { 'retry-after': '7' } });
  });

  it('leaves anything else alone (not a denial: the pipeline answers it)', () => {
    const bug = new TypeError('oops');
    expect(toDenial(bug, denials, scene)).toBe(bug);
    expect(toDenial(bug, denials, scene)).not.toBeInstanceOf(PorticoError);
  });
});
