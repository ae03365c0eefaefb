import { MAX_REQUEST_TARGET } from '../../common/client-errors';
import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it('splits an origin-form target into path and query', () => {
    expect(parseRequestTarget('/a/b?x=1&y')).toEqual({ rawPath: '/a/b', query: '?x=1&y', authority: null });
    expect(parseRequestTarget('/a')).toEqual({ rawPath: '/a', query: '', authority: null });
    expect(parseRequestTarget('/a?')).toEqual({ rawPath: '/a', query: '?', authority: null });
  });

  it('takes the authority of an absolute-form target and keeps its path and query', () => {
    expect(parseRequestTarget('http://api.example.com:8000/orders?id=1')).toEqual({ rawPath: '/orders', query: '?id=1', authority: 'api.example.com:8000' });
    expect(parseRequestTarget('HTTPS://Example.com')).toEqual({ rawPath: '/', query: '', authority: 'Example.com' });
    expect(parseRequestTarget('http://h?q')).toEqual({ rawPath: '/', query: '?q', authority: 'h' });
  });

  it('leaves a path that merely contains a scheme alone', () => {
    expect(parseRequestTarget('/http://x/y')).toEqual({ rawPath: '/http://x/y', query: '', authority: null });
  });

  it('refuses a target longer than the limit with 414, and accepts one at the limit', () => {
    expect(() => parseRequestTarget(`/${'a'.repeat(MAX_REQUEST_TARGET)}`)).toThrow(expect.objectContaining({ status: 414, reason: 'uri_too_long' }));
    expect(parseRequestTarget(`/${'a'.repeat(MAX_REQUEST_TARGET - 1)}`).rawPath).toHaveLength(MAX_REQUEST_TARGET);
  });
});
