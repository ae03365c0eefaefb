import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from 'jsonwebtoken';
import { IdpUnavailableError, TokenRejectedError } from './identity-errors';
import type { VerificationKey } from './jwks-key-store';
import { JwtVerificationRequest, keyFitsAlgorithm, plainJwtAccessTokenStrategy, verificationFailure } from './jwt-access-token.strategy';
import { runStrategy } from './strategy-runner';
import { rsaKey, signRs256 } from './testing/fake-idp';

describe('the JWT access-token strategy', () => {
  const strategy = plainJwtAccessTokenStrategy();
  const signer = rsaKey('k1');
  const published = (alg?: string, key = createPublicKey(signer.privateKey)): VerificationKey => ({ kid: 'k1', alg, key, pem: '' });
  const request = (token: string, key: VerificationKey): JwtVerificationRequest => ({ token, kid: 'k1', alg: 'RS256', resolveKey: async () => key });
  const verify = async (token: string, key = published('RS256')) => {
    try {
      return await runStrategy(strategy, request(token, key));
    } catch (err) {
      throw verificationFailure(err);
    }
  };
  const claims = { iss: 'https://idp.test', exp: 1 };

  it('checks the signature only: an expired token passes (time claims are checked on every use, elsewhere)', async () => {
    await expect(verify(signRs256(signer, claims))).resolves.toEqual(claims);
  });

  it('remembers which key vouched for the token', async () => {
    const key = published('RS256');
    const req = request(signRs256(signer, claims), key);
    await runStrategy(strategy, req);
    expect(req.key).toBe(key);
  });

  it.each([
    ['a signature by another key', () => signRs256(rsaKey('k1'), claims), published('RS256'), 'bad_signature'],
    ['a tampered payload', () => signRs256(signer, claims).replace(/\.[^.]+\./, `.${Buffer.from('{"iss":"x","exp":9}').toString('base64url')}.`), published('RS256'), 'bad_signature'],
    ['an empty signature', () => signRs256(signer, claims).replace(/[^.]+$/, ''), published('RS256'), 'malformed_token'],
    ['characters outside base64url', () => signRs256(signer, claims) + '=', published('RS256'), 'malformed_token'],
    ['a JWK published for another algorithm', () => signRs256(signer, claims), published('PS256'), 'alg_not_allowed'],
    ['a key of the wrong type (EC for RS256)', () => signRs256(signer, claims), published(undefined, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey), 'alg_not_allowed'],
  ])('refuses %s', async (_name, token, key, reason) => {
    await expect(verify(token(), key)).rejects.toEqual(new TokenRejectedError(reason as never));
  });

  it('passes on what the key lookup says (the IdP down stays a 503)', async () => {
    const down: JwtVerificationRequest = { token: signRs256(signer, claims), kid: 'k1', alg: 'RS256', resolveKey: () => Promise.reject(new IdpUnavailableError('down')) };
    await expect(runStrategy(strategy, down).catch(verificationFailure)).resolves.toBeInstanceOf(IdpUnavailableError);
  });
});

describe('verificationFailure', () => {
  it.each([
    [new TokenExpiredError('jwt expired', new Date()), 'token_expired'],
    [new NotBeforeError('jwt not active', new Date()), 'token_not_yet_valid'],
    [new JsonWebTokenError('whatever the message says'), 'bad_signature'],
    [new Error('invalid signature'), 'malformed_token'],
    ['not even an error', 'malformed_token'],
  ])('classifies %p by its class, not its message', (err, reason) => {
    expect(verificationFailure(err)).toEqual(new TokenRejectedError(reason as never));
  });

  it('keeps identity errors as they are', () => {
    const rejected = new TokenRejectedError('unknown_kid');
    const unavailable = new IdpUnavailableError('down');
    expect(verificationFailure(rejected)).toBe(rejected);
    expect(verificationFailure(unavailable)).toBe(unavailable);
  });
});

describe('keyFitsAlgorithm', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
  const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey;
  it.each([
    [rsa, 'RS256', true],
    [rsa, 'PS512', true],
    [rsa, 'ES256', false],
    [p256, 'ES256', true],
    [p256, 'ES384', false],
    [p384, 'ES384', true],
    [p256, 'RS256', false],
  ])('%#: %s', (key, alg, fits) => {
    expect(keyFitsAlgorithm(key, alg as string)).toBe(fits);
  });
});
