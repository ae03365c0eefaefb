import { expectJson } from '../support/kong-expect';
import { Portico } from '../support/portico';
import { basicAuth, PASSWORD, uniqueEmail } from './applications.fixtures';

const THROTTLED = { message: 'Too many failed login attempts; retry later' };
const REGISTRATIONS_LIMITED = { message: 'Too many registrations from this address; retry later' };

/**
 * SPEC §4.1 limits per client address. 127.0.0.1 (the test itself) is a trusted proxy here, so each
 * request's X-Forwarded-For names the client address it stands for.
 */
describe('portal: per-address login throttle and registration limit', () => {
  let portico: Portico;
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const login = (email: string, password: string, address: string) =>
    portico.portal('GET', '/auth', undefined, { ...basicAuth(email, password), ...from(address) });
  const register = (body: Record<string, unknown>, address: string) => portico.portal('POST', '/register', body, from(address));

  beforeAll(async () => {
    portico = await Portico.start({ env: { PORTICO_TRUSTED_IPS: '127.0.0.1', PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: '3' } });
  });
  afterAll(() => portico?.stop());

  /** Created through the Admin API, which has no registration limit. */
  async function approvedDeveloper(): Promise<string> {
    const email = uniqueEmail('limits');
    expectJson(await portico.admin('POST', '/developers', { email, password: PASSWORD, status: 0 }), 201);
    return email;
  }

  describe('login throttle', () => {
    it('answers 429 to the flooding address only: the developer still logs in from another', async () => {
      const email = await approvedDeveloper();
      const flooder = '203.0.113.66';
      for (let i = 0; i < 5; i++) expectJson(await login(email, `wrong-${i}`, flooder), 401);
      for (let i = 0; i < 20; i++) {
        const res = await login(email, `wrong-more-${i}`, flooder);
        expectJson(res, 429, THROTTLED);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      // Even the right password waits on the flooding address...
      expectJson(await login(email, PASSWORD, flooder), 429, THROTTLED);
      // ...but not anywhere else: another client address, and the trusted peer itself.
      expectJson(await login(email, PASSWORD, '198.51.100.7'), 200);
      expectJson(await portico.portal('GET', '/auth', undefined, basicAuth(email, PASSWORD)), 200);
    });

    it('believes only the hop the trusted proxy appended, not what the client wrote before it', async () => {
      const email = await approvedDeveloper();
      // The client rotates a fake leftmost address; the proxy's appended hop stays the same.
      for (let i = 0; i < 5; i++) expectJson(await login(email, 'wrong', `10.9.9.${i}, 203.0.113.77`), 401);
      expectJson(await login(email, 'wrong', '10.9.9.200, 203.0.113.77'), 429, THROTTLED);
    });
  });

  describe('registration limit', () => {
    it('counts every attempt per address, refused ones included, then answers 429 with Retry-After', async () => {
      const address = '203.0.113.10';
      const taken = uniqueEmail('taken');
      expect((await register({ email: taken, password: PASSWORD }, address)).status).toBe(201);
      expect((await register({ email: taken, password: PASSWORD }, address)).status).toBe(409);
      expect((await register({ email: uniqueEmail(), password: 'short' }, address)).status).toBe(400);

      const limited = await register({ email: uniqueEmail(), password: PASSWORD }, address);
      expectJson(limited, 429, REGISTRATIONS_LIMITED);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // A body too deep to validate still counts, and still gets the 429 first.
      expectJson(await portico.portal('POST', '/register', `{"meta":${'['.repeat(5000)}${']'.repeat(5000)}}`, { 'content-type': 'application/json', ...from(address) }), 429);

      // Another address registers as usual.
      expect((await register({ email: uniqueEmail(), password: PASSWORD }, '203.0.113.11')).status).toBe(201);
    });
  });
});

describe('portal: PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE=0 turns the limit off', () => {
  let portico: Portico;
  beforeAll(async () => {
    portico = await Portico.start({ env: { PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: '0' } });
  });
  afterAll(() => portico?.stop());

  it('takes more registrations from one address than the default limit of 10', async () => {
    for (let i = 0; i < 12; i++) {
      expect((await portico.portal('POST', '/register', { email: uniqueEmail('unlimited'), password: PASSWORD })).status).toBe(201);
    }
  });
});

describe('portal: the default registration limit is 10 per minute', () => {
  let portico: Portico;
  beforeAll(async () => {
    // The harness turns the limit off for other suites; unsetting it here restores the default.
    portico = await Portico.start({ env: { PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE: '' } });
  });
  afterAll(() => portico?.stop());

  it('refuses the eleventh attempt from one address', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await portico.portal('POST', '/register', { email: 'not-an-email', password: PASSWORD })).status).toBe(400);
    }
    expectJson(await portico.portal('POST', '/register', { email: uniqueEmail(), password: PASSWORD }), 429, REGISTRATIONS_LIMITED);
  });
});
