import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { resign } from './openid-connect.scenarios';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString()) as Record<string, unknown>;

describe('resign (the fresh-token scenario)', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const header = { alg: 'RS256', typ: 'at+jwt', kid: 'k1' };
  const claims = { iss: 'https://idp.test', client_id: 'app', exp: 2_000_000_000, jti: 'abc' };
  const signed = `${part(header)}.${part(claims)}`;
  const original = `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;

  it('makes distinct tokens with the same header and claims but their own jti, each with a valid RS256 signature', () => {
    const tokens = resign(original, privateKey, 3);
    expect(new Set(tokens).size).toBe(3);
    tokens.forEach((token, i) => {
      const [h, p, s] = token.split('.');
      expect(h).toBe(part(header));
      expect(decode(p)).toEqual({ ...claims, jti: `abc.${i}` });
      expect(verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey(privateKey), Buffer.from(s, 'base64url'))).toBe(true);
    });
  });

  it('refuses a token that is not RS256, rather than signing it with the wrong algorithm', () => {
    const es = `${part({ alg: 'ES256' })}.${part(claims)}.sig`;
    expect(() => resign(es, privateKey, 1)).toThrow(/RS256/);
  });
});
