import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicCredentials } from './idp-http';
import { BasicAuthorization } from './idp-openid-client';
import { IdpUnavailableError, TokenRejectedError } from './identity-errors';
import { introspectToken } from './introspection-client';
import { discover } from './issuer-discovery';
import { requestToken, TokenRequest } from './token-grant-client';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  form: URLSearchParams;
}

type Answer = (seen: Seen, res: ServerResponse) => void;

const json = (status: number, body: unknown) => (_seen: Seen, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/** A scripted IdP: each path answers as told, and every request it saw is kept. */
describe('identity provider calls through openid-client', () => {
  let server: Server;
  let base: string;
  const answers = new Map<string, Answer>();
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const entry = { method: req.method!, url: req.url!, authorization: req.headers.authorization, form: new URLSearchParams(body) };
        seen.push(entry);
        const answer = answers.get(req.url!.split('?')[0]);
        if (answer) answer(entry, res);
        else res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    answers.clear();
    seen.length = 0;
  });

  const tokenRequest = (over: Partial<TokenRequest> = {}): TokenRequest => ({
    grant: 'client_credentials',
    issuerUrl: base,
    issuer: base,
    endpoint: `${base}/token`,
    clientId: 'app',
    auth: BasicAuthorization(`Basic ${Buffer.from('app:s3cret').toString('base64')}`),
    parameters: {},
    ...over,
  });

  describe('discovery', () => {
    it('reads the document under the issuer (trailing slash or not), without comparing its issuer', async () => {
      answers.set('/realm/.well-known/openid-configuration', json(200, { issuer: 'https://elsewhere', token_endpoint: `${base}/token`, jwks_uri: 'ftp://x' }));
      await expect(discover(`${base}/realm/`, 1000)).resolves.toEqual({
        issuer: 'https://elsewhere',
        jwks_uri: null,
        token_endpoint: `${base}/token`,
        introspection_endpoint: null,
      });
      expect(seen.map((s) => s.url)).toEqual(['/realm/.well-known/openid-configuration']);
    });

    it('is unavailable on a 4xx, a 5xx and a document without issuer', async () => {
      await expect(discover(base, 1000)).rejects.toMatchObject({ detail: 'discovery answered 404' });
      answers.set('/.well-known/openid-configuration', json(502, {}));
      await expect(discover(base, 1000)).rejects.toMatchObject({ detail: 'answered 502' });
      answers.set('/.well-known/openid-configuration', json(200, { token_endpoint: `${base}/token` }));
      await expect(discover(base, 1000)).rejects.toBeInstanceOf(IdpUnavailableError);
    });

    it('follows a redirect for the document, which carries no credentials', async () => {
      answers.set('/.well-known/openid-configuration', (_s, res) => res.writeHead(302, { location: `${base}/moved` }).end());
      answers.set('/moved', json(200, { issuer: base }));
      await expect(discover(base, 1000)).resolves.toMatchObject({ issuer: base });
    });
  });

  describe('token grants', () => {
    it('passes the client its Basic header as sent, and reads the token and its lifetime', async () => {
      answers.set('/token', json(200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 }));
      const basic = Buffer.from('app:s3cret').toString('base64');
      await expect(requestToken(tokenRequest({ parameters: { scope: 'read' } }), 1000, 'bad_client_credentials')).resolves.toEqual({ accessToken: 'at-1', expiresIn: 300 });
      expect(seen).toHaveLength(1);
      expect(seen[0].authorization).toBe(`Basic ${basic}`);
      expect(Object.fromEntries(seen[0].form)).toEqual({ grant_type: 'client_credentials', scope: 'read' });
    });

    it('requests the password grant as the gateway client (client_secret_basic, form-encoded as before)', async () => {
      answers.set('/token', json(200, { access_token: 'at-2', token_type: 'bearer' }));
      const request = tokenRequest({ grant: 'password', clientId: 'gw', auth: BasicAuthorization(basicCredentials('gw', 'gw secret')), parameters: { username: 'alice', password: 'pw' } });
      await expect(requestToken(request, 1000, 'bad_password')).resolves.toEqual({ accessToken: 'at-2', expiresIn: null });
      expect(Buffer.from(seen[0].authorization!.slice('Basic '.length), 'base64').toString()).toBe('gw:gw+secret');
      expect(Object.fromEntries(seen[0].form)).toEqual({ grant_type: 'password', username: 'alice', password: 'pw' });
    });

    it('returns the refusal on a 4xx, with or without an OAuth error body', async () => {
      answers.set('/token', json(401, { error: 'invalid_client' }));
      await expect(requestToken(tokenRequest(), 1000, 'bad_client_credentials')).resolves.toBe('bad_client_credentials');
      answers.set('/token', (_s, res) => res.writeHead(400, { 'content-type': 'text/plain' }).end('no'));
      await expect(requestToken(tokenRequest(), 1000, 'bad_password')).resolves.toBe('bad_password');
    });

    it('is unavailable on a 5xx, an answer without a token, or an unreachable endpoint', async () => {
      answers.set('/token', json(503, { error: 'temporarily_unavailable' }));
      await expect(requestToken(tokenRequest(), 1000, 'bad_client_credentials')).rejects.toMatchObject({ detail: 'answered 503' });
      answers.set('/token', json(200, { token_type: 'bearer' }));
      await expect(requestToken(tokenRequest(), 1000, 'bad_client_credentials')).rejects.toBeInstanceOf(IdpUnavailableError);
      await expect(requestToken(tokenRequest({ endpoint: 'http://127.0.0.1:1/token' }), 1000, 'bad_client_credentials')).rejects.toMatchObject({ detail: 'unreachable' });
    });

    it('never follows a redirect with the credentials', async () => {
      answers.set('/token', (_s, res) => res.writeHead(307, { location: `${base}/elsewhere` }).end());
      answers.set('/elsewhere', json(200, { access_token: 'stolen', token_type: 'bearer' }));
      await expect(requestToken(tokenRequest(), 1000, 'bad_client_credentials')).rejects.toBeInstanceOf(IdpUnavailableError);
      expect(seen.map((s) => s.url)).toEqual(['/token']);
    });

    it('never sends credentials over plain http for an https issuer', async () => {
      answers.set('/token', json(200, { access_token: 'at-1', token_type: 'bearer' }));
      await expect(requestToken(tokenRequest({ issuerUrl: 'https://idp.example' }), 1000, 'bad_client_credentials')).rejects.toBeInstanceOf(IdpUnavailableError);
      expect(seen).toHaveLength(0);
    });

    it('gives up after the timeout when the IdP never answers', async () => {
      answers.set('/token', () => undefined);
      const started = Date.now();
      await expect(requestToken(tokenRequest(), 200, 'bad_client_credentials')).rejects.toMatchObject({ detail: 'timed out' });
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('introspection', () => {
    const at = () => ({ issuerUrl: base, issuer: base, endpoint: `${base}/introspect` });
    const gateway = { id: 'gw', secret: 'gw-secret' };

    it('returns the claims of an active token, asking as the gateway client', async () => {
      answers.set('/introspect', json(200, { active: true, sub: 'alice', exp: 2_000_000_000 }));
      await expect(introspectToken(at(), 'opaque', gateway, 1000)).resolves.toEqual({ active: true, claims: { sub: 'alice', exp: 2_000_000_000 } });
      expect(Buffer.from(seen[0].authorization!.slice('Basic '.length), 'base64').toString()).toBe('gw:gw-secret');
      expect(Object.fromEntries(seen[0].form)).toEqual({ token: 'opaque', token_type_hint: 'access_token' });
    });

    it('says inactive, refuses on a 4xx, and is unavailable on a 5xx', async () => {
      answers.set('/introspect', json(200, { active: false }));
      await expect(introspectToken(at(), 'opaque', gateway, 1000)).resolves.toEqual({ active: false });
      answers.set('/introspect', json(401, { error: 'invalid_client' }));
      await expect(introspectToken(at(), 'opaque', gateway, 1000)).rejects.toEqual(new TokenRejectedError('introspection_refused'));
      answers.set('/introspect', json(500, {}));
      await expect(introspectToken(at(), 'opaque', gateway, 1000)).rejects.toBeInstanceOf(IdpUnavailableError);
    });
  });
});
