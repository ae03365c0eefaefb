import {
  decodeOffset,
  encodeOffset,
  pageResponse,
  PageQueryError,
  parsePageQuery,
  type PageRequest,
} from './pagination';

const ID1 = '0a1b2c3d-0000-4000-8000-000000000001';
const ID2 = '0a1b2c3d-0000-4000-8000-000000000002';
const ID3 = '0a1b2c3d-0000-4000-8000-000000000003';

describe('encodeOffset / decodeOffset', () => {
  it.each([ID1, 'a', 'some name with spaces', 'ünïcødé', '~weird/id+=?'])('round-trips %p', (id) => {
    const token = encodeOffset(id);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOffset(token)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['padding', `${encodeOffset('ab')}=`],
    ['spaces', 'ab cd'],
    ['non-canonical trailing bits', 'YR'],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe]).toString('base64url')],
  ])('rejects %s', (_name, token) => {
    expect(() => decodeOffset(token)).toThrow(new PageQueryError('invalid offset'));
  });
});

describe('parsePageQuery', () => {
  it.each<[string, Record<string, unknown>, PageRequest]>([
    ['defaults', {}, { size: 100, after: null }],
    ['size as a query string', { size: '10' }, { size: 10, after: null }],
    ['size as a number', { size: 25 }, { size: 25, after: null }],
    ['smallest size', { size: '1' }, { size: 1, after: null }],
    ['largest size', { size: '1000' }, { size: 1000, after: null }],
    ['offset', { offset: encodeOffset(ID2) }, { size: 100, after: ID2 }],
    ['size and offset', { size: '2', offset: encodeOffset(ID1) }, { size: 2, after: ID1 }],
    ['other parameters ignored', { tags: 'a,b' }, { size: 100, after: null }],
  ])('%s', (_name, query, expected) => {
    expect(parsePageQuery(query)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['zero', '0'],
    ['too large', '1001'],
    ['negative', '-5'],
    ['fraction', '1.5'],
    ['fractional number', 2.5],
    ['not a number', 'ten'],
    ['empty', ''],
    ['repeated', ['10', '20']],
    ['exponent', '1e2'],
  ])('rejects size: %s', (_name, size) => {
    expect(() => parsePageQuery({ size })).toThrow(
      new PageQueryError('size must be an integer between 1 and 1000'),
    );
  });

  it.each<[string, unknown]>([
    ['garbage', '!!!'],
    ['empty', ''],
    ['repeated', [encodeOffset(ID1), encodeOffset(ID2)]],
  ])('rejects offset: %s', (_name, offset) => {
    expect(() => parsePageQuery({ offset })).toThrow(new PageQueryError('invalid offset'));
  });
});

describe('pageResponse', () => {
  const rows = [{ id: ID1 }, { id: ID2 }, { id: ID3 }];

  it.each<[string, { id: string }[], PageRequest, Record<string, string> | undefined, object]>([
    ['empty list', [], { size: 100, after: null }, undefined, { data: [], next: null }],
    ['last page, fewer rows than size', rows.slice(0, 2), { size: 5, after: null }, undefined, { data: rows.slice(0, 2), next: null }],
    ['last page, exactly size rows', rows.slice(0, 2), { size: 2, after: null }, undefined, { data: rows.slice(0, 2), next: null }],
    [
      'more rows, non-default size',
      rows,
      { size: 2, after: null },
      undefined,
      { data: rows.slice(0, 2), offset: encodeOffset(ID2), next: `/services?offset=${encodeOffset(ID2)}&size=2` },
    ],
    [
      'more rows, extra query is URL-encoded',
      rows,
      { size: 1, after: null },
      { tags: 'a b,c&d' },
      { data: rows.slice(0, 1), offset: encodeOffset(ID1), next: `/services?offset=${encodeOffset(ID1)}&size=1&tags=a%20b%2Cc%26d` },
    ],
  ])('%s', (_name, input, req, extra, expected) => {
    expect(pageResponse(input, req, '/services', extra)).toStrictEqual(expected);
  });

  it('leaves size out of next when it is the default', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ id: `id-${String(i).padStart(3, '0')}` }));
    const page = pageResponse(many, { size: 100, after: null }, '/routes');
    expect(page.data).toHaveLength(100);
    expect(page.offset).toBe(encodeOffset('id-099'));
    expect(page.next).toBe(`/routes?offset=${encodeOffset('id-099')}`);
  });

  it('appends to a base path that already has a query', () => {
    const page = pageResponse(rows, { size: 1, after: null }, '/services/x/routes?a=1');
    expect(page.next).toBe(`/services/x/routes?a=1&offset=${encodeOffset(ID1)}&size=1`);
  });

  it('feeds next back into parsePageQuery', () => {
    const page = pageResponse(rows, { size: 2, after: null }, '/services', { tags: 't' });
    const query = Object.fromEntries(new URLSearchParams(page.next!.split('?')[1]));
    expect(parsePageQuery(query)).toEqual({ size: 2, after: ID2 });
  });
});
