import { Deadline } from './deadline';
import { IdpUnavailableError } from './identity-errors';
import { RefreshingValue } from './refreshing-value';

describe('RefreshingValue', () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  const deadline = () => new Deadline(1000);
  const failing = () => Promise.reject(new IdpUnavailableError('unreachable'));

  it('loads once on first use and shares the value', async () => {
    const load = jest.fn(async () => 'doc');
    const value = new RefreshingValue(load, 60_000, 'test', 'test-documents');
    expect(await Promise.all([value.get(deadline()), value.get(deadline())])).toEqual(['doc', 'doc']);
    expect(await value.get(deadline())).toBe('doc');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('backs off exponentially after failures, failing fast meanwhile with a Retry-After', async () => {
    const load = jest.fn(failing);
    const value = new RefreshingValue(load, 60_000, 'test', 'test-documents');
    await expect(value.get(deadline())).rejects.toMatchObject({ retryAfterSeconds: 1 });
    await expect(value.get(deadline())).rejects.toThrow(/backing off/);
    expect(load).toHaveBeenCalledTimes(1);

    now += 1000;
    await expect(value.get(deadline())).rejects.toMatchObject({ retryAfterSeconds: 2 });
    now += 1000;
    await expect(value.get(deadline())).rejects.toThrow(/backing off/);
    now += 1000;
    await expect(value.get(deadline())).rejects.toMatchObject({ retryAfterSeconds: 4 });
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('turns any load failure into IdpUnavailableError', async () => {
    const value = new RefreshingValue(() => Promise.reject(new SyntaxError('bad json')), 60_000, 'test', 'test-documents');
    await expect(value.get(deadline())).rejects.toBeInstanceOf(IdpUnavailableError);
  });

  it('serves a stale value while refreshing in the background, and keeps it when the refresh fails', async () => {
    let answer: () => Promise<string> = async () => 'v1';
    const value = new RefreshingValue(() => answer(), 60_000, 'test', 'test-documents');
    expect(await value.get(deadline())).toBe('v1');

    now += 61_000;
    answer = failing;
    expect(await value.get(deadline())).toBe('v1');
    await new Promise(setImmediate);
    expect(value.lastAttemptFailed).toBe(true);
    expect(await value.get(deadline())).toBe('v1');

    now += 2_000;
    answer = async () => 'v2';
    expect(await value.get(deadline())).toBe('v1');
    await new Promise(setImmediate);
    expect(await value.get(deadline())).toBe('v2');
  });

  it('refreshIfDue: joins a fetch in flight, refuses to ask again too soon', async () => {
    const load = jest.fn(async () => 'doc');
    const value = new RefreshingValue(load, 60_000, 'test', 'test-documents');
    await value.get(deadline());
    expect(value.refreshIfDue(10_000, 1000)).toBeNull();
    now += 10_000;
    const first = value.refreshIfDue(10_000, 1000);
    expect(value.refreshIfDue(10_000, 1000)).toBe(first);
    await first;
    expect(load).toHaveBeenCalledTimes(2);
  });
});
