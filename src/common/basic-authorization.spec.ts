import { parseBasicAuthorization } from './basic-authorization';

const basic = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicAuthorization', () => {
  it('decodes user and password, keeping the base64 part as sent', () => {
    expect(parseBasicAuthorization(`Basic ${basic('dev@example.com:pa:ss wörd')}`)).toEqual({
      username: 'dev@example.com',
      password: 'pa:ss wörd',
      encoded: basic('dev@example.com:pa:ss wörd'),
    });
  });

  it.each([
    ['a lower-case scheme and extra spaces', `basic   ${basic('a:b')}  `, 'a'],
    ['an upper-case scheme', `BASIC ${basic('a:b')}`, 'a'],
    ['an empty password', `Basic ${basic('a:')}`, 'a'],
  ])('accepts %s', (_name, header, username) => {
    expect(parseBasicAuthorization(header)?.username).toBe(username);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a bearer token', 'Bearer abc.def.ghi'],
    ['the scheme alone', 'Basic'],
    ['no space after the scheme', `Basic${basic('a:b')}`],
    ['characters outside base64', 'Basic a:b'],
    ['a second token', `Basic ${basic('a:b')} ${basic('c:d')}`],
    ['no colon', `Basic ${basic('ab')}`],
    ['an empty user name', `Basic ${basic(':secret')}`],
  ])('refuses %s', (_name, header) => {
    expect(parseBasicAuthorization(header)).toBeNull();
  });
});
