import { Semaphore } from './semaphore';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most `limit` at once, the rest in arrival order', async () => {
    const s = new Semaphore(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      s.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect([s.running, s.waiting]).toEqual([2, 2]);
    gates[1].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([s.running, s.waiting]).toEqual([0, 0]);
  });

  it('frees the slot when the work fails', async () => {
    const s = new Semaphore(1);
    await expect(s.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(s.run(async () => 'next')).resolves.toBe('next');
    expect(s.running).toBe(0);
  });

  it('gives up a bounded wait with the caller’s error, leaving the queue', async () => {
    jest.useFakeTimers();
    const s = new Semaphore(1);
    const gate = deferred();
    const first = s.run(() => gate.promise);
    const second = s.run(async () => 'never', { maxWaitMs: 100, onTimeout: () => new Error('busy') });
    const third = s.run(async () => 'third');
    jest.advanceTimersByTime(100);
    await expect(second).rejects.toThrow('busy');
    expect(s.waiting).toBe(1);
    gate.resolve();
    await first;
    await expect(third).resolves.toBe('third');
  });

  it('a granted wait no longer times out', async () => {
    jest.useFakeTimers();
    const s = new Semaphore(1);
    const gate = deferred();
    const first = s.run(() => gate.promise);
    const second = s.run(async () => 'ran', { maxWaitMs: 100, onTimeout: () => new Error('busy') });
    gate.resolve();
    await first;
    jest.advanceTimersByTime(1000);
    await expect(second).resolves.toBe('ran');
  });
});
