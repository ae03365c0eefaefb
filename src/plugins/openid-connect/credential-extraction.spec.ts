import { ExtractionRules, extractCredential, FoundCredential, withoutQueryCredentials } from './credential-extraction';

const ALL: ExtractionRules = { bearer: ['header'], basic: ['header'], sessionCookie: 'portico_session' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

function extract(headers: Record<string, string>, rules: ExtractionRules = ALL, query = '', rawHeaders?: string[]): FoundCredential | null {
  return extractCredential({ headers, rawHeaders: rawHeaders ?? Object.entries(headers).flat(), query }, rules);
}

describe('extractCredential', () => {
  it('finds nothing in a request without credentials ("not mine")', () => {
    expect(extract({})).toBeNull();
    expect(extract({ authorization: 'Digest x', cookie: 'other=1' })).toBeNull();
  });

  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer   tok-en_1~+/=', 'tok-en_1~+/='],
    ['BEARER x', 'x'],
  ])('reads a bearer header: %s', (authorization, token) => {
    expect(extract({ authorization })).toEqual({ type: 'bearer', token, from: 'header' });
  });

  it.each(['Bearer', 'Bearer ', 'Bearer a b', 'Bearer a,b'])('calls %j malformed', (authorization) => {
    expect(extract({ authorization })).toEqual({ type: 'malformed', reason: 'malformed_credentials' });
  });

  it('reads Basic credentials, keeping the header value to pass on as is', () => {
    expect(extract({ authorization: `Basic ${b64('client:s3:cret')}` })).toEqual({
      type: 'basic',
      username: 'client',
      password: 's3:cret',
      basic: b64('client:s3:cret'),
      from: 'header',
    });
  });

  it.each([`Basic ${b64('nocolon')}`, `Basic ${b64(':secret')}`, 'Basic !!!', 'Basic'])('calls %j malformed', (authorization) => {
    expect(extract({ authorization })).toEqual({ type: 'malformed', reason: 'malformed_credentials' });
  });

  it('refuses several Authorization headers, whatever they hold', () => {
    const raw = ['Authorization', 'Bearer a', 'authorization', 'Bearer b'];
    expect(extract({ authorization: 'Bearer a' }, ALL, '', raw)).toEqual({ type: 'malformed', reason: 'duplicate_authorization' });
  });

  it('prefers an explicit credential to the session cookie', () => {
    expect(extract({ authorization: 'Bearer t', cookie: 'portico_session=s' })).toMatchObject({ type: 'bearer' });
    expect(extract({ authorization: `Basic ${b64('a:b')}`, cookie: 'portico_session=s' })).toMatchObject({ type: 'basic' });
    expect(extract({ cookie: 'a=1; portico_session=s; b=2' })).toEqual({ type: 'session', sealed: 's' });
  });

  it('ignores what the plugin does not accept', () => {
    const bearerOnly: ExtractionRules = { bearer: ['header'], basic: null, sessionCookie: null };
    expect(extract({ authorization: `Basic ${b64('a:b')}` }, bearerOnly)).toBeNull();
    expect(extract({ cookie: 'portico_session=s' }, bearerOnly)).toBeNull();
    expect(extract({ authorization: 'Bearer t' }, { bearer: null, basic: ['header'], sessionCookie: null })).toBeNull();
  });

  it('reads the query only where allowed, and the header first', () => {
    expect(extract({}, ALL, '?access_token=q')).toBeNull();
    const queryToo: ExtractionRules = { bearer: ['header', 'query'], basic: ['query'], sessionCookie: null };
    expect(extract({}, queryToo, '?access_token=q')).toEqual({ type: 'bearer', token: 'q', from: 'query' });
    expect(extract({ authorization: 'Bearer h' }, queryToo, '?access_token=q')).toMatchObject({ token: 'h' });
    expect(extract({}, queryToo, '?client_id=c&client_secret=s%20x')).toEqual({
      type: 'basic',
      username: 'c',
      password: 's x',
      basic: b64('c:s+x'),
      from: 'query',
    });
    expect(extract({}, queryToo, '?client_id=c')).toBeNull();
  });
});

describe('withoutQueryCredentials', () => {
  it('removes the named parameters and keeps the rest', () => {
    expect(withoutQueryCredentials('?a=1&access_token=t&b=2', ['access_token'])).toBe('?a=1&b=2');
    expect(withoutQueryCredentials('?access_token=t', ['access_token'])).toBe('');
    expect(withoutQueryCredentials('?client_id=c&client_secret=s&x=y', ['client_id', 'client_secret'])).toBe('?x=y');
  });
});
