import { parseUpstreamTokenHeader } from './upstream-token-header';

describe('parseUpstreamTokenHeader', () => {
  it.each([
    ['authorization:bearer', { name: 'authorization', prefix: 'Bearer ' }],
    ['Authorization:Bearer', { name: 'authorization', prefix: 'Bearer ' }],
    ['x-access-token', { name: 'x-access-token', prefix: '' }],
    ['x-token:DPoP', { name: 'x-token', prefix: 'DPoP ' }],
    [null, null],
  ])('%j', (setting, expected) => {
    expect(parseUpstreamTokenHeader(setting)).toEqual(expected);
  });
});
