import { memoizeAsync } from './memoize-async';

describe('memoizeAsync', () => {
  it('loads once, for concurrent and later callers alike', async () => {
    const load = jest.fn(async () => 'value');
    const get = memoizeAsync(load);
    await expect(Promise.all([get(), get()])).resolves.toEqual(['value', 'value']);
    await expect(get()).resolves.toBe('value');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failure, and keeps the first success', async () => {
    const load = jest.fn(async () => 'value').mockRejectedValueOnce(new Error('database is locked'));
    const get = memoizeAsync(load);
    await expect(get()).rejects.toThrow('database is locked');
    await expect(get()).resolves.toBe('value');
    await expect(get()).resolves.toBe('value');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('gives every caller that joined a failing load the failure', async () => {
    let fail!: (err: Error) => void;
    const get = memoizeAsync(() => new Promise<string>((_resolve, reject) => (fail = reject)));
    const first = get();
    const second = get();
    fail(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await expect(second).rejects.toThrow('down');
  });
});
