import { SecondSighting } from './second-sighting';

describe('SecondSighting (the verified-token cache admission filter)', () => {
  const token = (n: number) => `header.payload.signature-${n.toString(36).padStart(40, '_')}`;

  it('says no on a first sighting and yes on every later one', () => {
    const filter = new SecondSighting(1024);
    expect(filter.sighted(token(1))).toBe(false);
    expect(filter.sighted(token(1))).toBe(true);
    expect(filter.sighted(token(1))).toBe(true);
  });

  it('keeps tokens apart: one token seen does not admit another', () => {
    const filter = new SecondSighting(1024);
    filter.sighted(token(1));
    expect(filter.sighted(token(2))).toBe(false);
    expect(filter.sighted(token(1))).toBe(true);
    expect(filter.sighted(token(2))).toBe(true);
  });

  it('tells apart tokens that differ only before their last characters, by length', () => {
    const filter = new SecondSighting(1024);
    const tail = 'x'.repeat(40);
    filter.sighted(`a.b.${tail}`);
    expect(filter.sighted(`aa.b.${tail}`)).toBe(false);
  });

  it('forgets a sighting once later tokens have taken its slot (the window is the table)', () => {
    const filter = new SecondSighting(4);
    filter.sighted(token(0));
    for (let n = 1; n <= 200; n++) filter.sighted(token(n));
    expect(filter.sighted(token(0))).toBe(false);
  });

  it('admits almost none of a stream of one-off tokens', () => {
    const filter = new SecondSighting(16_384);
    let admitted = 0;
    for (let n = 0; n < 50_000; n++) if (filter.sighted(token(n))) admitted++;
    // Only fingerprint collisions (32 bits) could admit one.
    expect(admitted).toBeLessThan(5);
  });
});
