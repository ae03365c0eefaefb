import { expectJson } from '../support/kong-expect';
import { JsonResponse, Portico } from '../support/portico';

interface Entity {
  id: string;
  name?: string;
  group?: string;
  tags: string[] | null;
}

/** Follows `next` links from `first` to the end, returning every page. */
async function allPages(portico: Portico, first: string): Promise<{ data: Entity[]; offset?: string; next: string | null }[]> {
  const pages = [];
  let next: string | null = first;
  while (next) {
    const res: JsonResponse = await portico.admin('GET', next);
    expectJson(res, 200);
    pages.push(res.body);
    next = res.body.next;
    if (pages.length > 50) throw new Error('pagination does not end');
  }
  return pages;
}

describe('Admin API: lists, pagination and tags', () => {
  let portico: Portico;
  const services: Entity[] = [];
  const invalidSize = { message: 'size must be an integer between 1 and 1000' };

  beforeAll(async () => {
    portico = await Portico.start();
    const tagSets = [['red', 'big'], ['red'], ['blue', 'big'], ['blue'], null, ['green', 'big'], ['red', 'blue'], null, ['a_b'], ['axb'], ['a%b']];
    for (const [i, tags] of tagSets.entries()) {
      const res = await portico.admin('POST', '/services', { name: `list-${i}`, host: 'upstream.example', tags });
      services.push(res.body);
    }
    services.sort((a, b) => (a.id < b.id ? -1 : 1));
  });
  afterAll(async () => {
    await portico?.stop();
  });

  it('returns everything on one page by default, next null and no offset', async () => {
    const res = await portico.admin('GET', '/services');
    expectJson(res, 200, { data: services, next: null });
    expect(res.body).not.toHaveProperty('offset');
  });

  it('pages with size, offset and next until the last page, each entity exactly once', async () => {
    const pages = await allPages(portico, '/services?size=4');
    expect(pages.map((p) => p.data.length)).toEqual([4, 4, 3]);
    expect(pages.flatMap((p) => p.data)).toEqual(services);
    for (const page of pages.slice(0, -1)) {
      expect(page.offset).toEqual(expect.any(String));
      expect(page.next).toBe(`/services?offset=${encodeURIComponent(page.offset!)}&size=4`);
    }
    expect(pages[pages.length - 1].next).toBeNull();
    expect(pages[pages.length - 1]).not.toHaveProperty('offset');
  });

  it('ends exactly on a full page with next null', async () => {
    const pages = await allPages(portico, `/services?size=${services.length}`);
    expect(pages).toHaveLength(1);
    expect(pages[0].data).toHaveLength(services.length);
  });

  it('keeps pages stable when rows are added meanwhile', async () => {
    const first = (await portico.admin('GET', '/services?size=5')).body;
    const added = (await portico.admin('POST', '/services', { name: 'list-late', host: 'upstream.example' })).body;
    const rest = await allPages(portico, first.next);
    const seen = [...first.data, ...rest.flatMap((p) => p.data)].map((s: Entity) => s.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(services.map((s) => s.id)));
    await portico.admin('DELETE', `/services/${added.id}`);
  });

  it.each(['0', '1001', '-1', 'abc', '1.5', ''])('refuses size=%p', async (size) => {
    expectJson(await portico.admin('GET', `/services?size=${size}`), 400, invalidSize);
  });

  it('accepts size=1000', async () => {
    expectJson(await portico.admin('GET', '/services?size=1000'), 200, { data: services, next: null });
  });

  it.each(['zzz', 'a+b', '!!', Buffer.from('x').toString('base64') + '='])('refuses offset=%p', async (offset) => {
    expectJson(await portico.admin('GET', `/services?offset=${encodeURIComponent(offset)}`), 400, { message: 'invalid offset' });
  });

  describe('tags', () => {
    const names = (data: Entity[]) => data.map((e) => e.name).sort();

    it.each([
      ['red', ['list-0', 'list-1', 'list-6']],
      ['red,big', ['list-0']],
      ['big,red', ['list-0']],
      ['red/green', ['list-0', 'list-1', 'list-5', 'list-6']],
      ['blue/green/big', ['list-0', 'list-2', 'list-3', 'list-5', 'list-6']],
      ['purple', []],
      // LIKE wildcards in a tag are literal.
      ['a_b', ['list-8']],
      ['a%b', ['list-10']],
    ])('tags=%s', async (filter, expected) => {
      const res = await portico.admin('GET', `/services?tags=${encodeURIComponent(filter)}`);
      expectJson(res, 200);
      expect(names(res.body.data)).toEqual(expected);
    });

    it('pages a tag filter, carrying it in next', async () => {
      const pages = await allPages(portico, '/services?size=2&tags=big');
      expect(pages[0].next).toMatch(/&tags=big$/);
      expect(names(pages.flatMap((p) => p.data))).toEqual(['list-0', 'list-2', 'list-5']);
    });

    it.each([
      ['a,b/c', 'invalid option (tags: invalid filter syntax)'],
      ['a,', 'invalid option (tags: invalid filter syntax)'],
      ['/a', 'invalid option (tags: invalid filter syntax)'],
      ['a,b,c,d,e,f', 'invalid option (tags: cannot query more than 5 tags)'],
    ])('refuses tags=%p', async (filter, message) => {
      expectJson(await portico.admin('GET', `/services?tags=${encodeURIComponent(filter)}`), 400, { message });
    });

    it('refuses to store a tag that the filter could never find', async () => {
      const res = await portico.admin('POST', '/services', { host: 'x', tags: ['ok', 'a,b', 'c/d', 'with space'] });
      const message = "invalid tag: expected printable characters except ',' and '/'";
      expectJson(res, 400, {
        code: 2,
        name: 'schema violation',
        message: `3 schema violations (tags.2: ${message}; tags.3: ${message}; tags.4: ${message})`,
        fields: { tags: { '2': message, '3': message, '4': message } },
      });
    });
  });

  describe('nested lists', () => {
    beforeAll(async () => {
      await portico.admin('POST', '/services', { name: 'nested-home', host: 'upstream.example' });
      for (let i = 0; i < 5; i++) {
        await portico.admin('POST', '/services/nested-home/routes', { name: `nested-${i}`, paths: [`/n${i}`], tags: i % 2 ? ['odd'] : null });
      }
      await portico.admin('POST', '/services/list-0/routes', { name: 'not-nested', paths: ['/elsewhere'], tags: ['odd'] });
      await portico.admin('POST', '/consumers', { username: 'lister' });
      for (const group of ['g1', 'g2', 'g3']) await portico.admin('POST', '/consumers/lister/acls', { group });
    });

    it("pages a service's routes with next links under the service", async () => {
      const pages = await allPages(portico, '/services/nested-home/routes?size=2');
      expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
      expect(pages[0].next).toMatch(/^\/services\/nested-home\/routes\?offset=[\w-]+&size=2$/);
      expect(pages.flatMap((p) => p.data).map((r) => r.name).sort()).toEqual(['nested-0', 'nested-1', 'nested-2', 'nested-3', 'nested-4']);
    });

    it("filters a service's routes by tag", async () => {
      const res = await portico.admin('GET', '/services/nested-home/routes?tags=odd');
      expect(res.body.data.map((r: Entity) => r.name).sort()).toEqual(['nested-1', 'nested-3']);
    });

    it("pages a consumer's ACLs", async () => {
      const pages = await allPages(portico, '/consumers/lister/acls?size=2');
      expect(pages.map((p) => p.data.length)).toEqual([2, 1]);
      expect(pages.flatMap((p) => p.data).map((a) => a.group).sort()).toEqual(['g1', 'g2', 'g3']);
    });

    it.each(['/routes', '/consumers', '/plugins', '/services/nested-home/routes', '/consumers/lister/acls', '/services/nested-home/plugins'])(
      '%s validates size and offset too',
      async (path) => {
        expectJson(await portico.admin('GET', `${path}?size=0`), 400, invalidSize);
        expectJson(await portico.admin('GET', `${path}?offset=@@`), 400, { message: 'invalid offset' });
      },
    );
  });
});
