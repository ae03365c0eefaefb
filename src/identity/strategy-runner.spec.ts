import { Strategy } from 'passport-strategy';
import { runStrategy, StrategyFailure } from './strategy-runner';

class ScriptedStrategy extends Strategy {
  constructor(private readonly script: (self: Strategy & Record<string, (...args: unknown[]) => void>, req: { input: string }) => void) {
    super();
  }
  authenticate(req: unknown): void {
    this.script(this as never, req as { input: string });
  }
}

describe('runStrategy', () => {
  it('resolves with the user on success', async () => {
    const strategy = new ScriptedStrategy((self, req) => setImmediate(() => self.success({ user: req.input })));
    await expect(runStrategy(strategy, { input: 'x' })).resolves.toEqual({ user: 'x' });
  });

  it('rejects with the error a failing strategy gives, or a StrategyFailure', async () => {
    await expect(runStrategy(new ScriptedStrategy((self) => self.fail(new Error('bad token') as never)), {})).rejects.toThrow('bad token');
    await expect(runStrategy(new ScriptedStrategy((self) => self.fail('Bearer', 401)), {})).rejects.toBeInstanceOf(StrategyFailure);
    await expect(runStrategy(new ScriptedStrategy((self) => self.pass()), {})).rejects.toBeInstanceOf(StrategyFailure);
  });

  it('rejects on error and on a throw', async () => {
    await expect(runStrategy(new ScriptedStrategy((self) => self.error(new Error('boom'))), {})).rejects.toThrow('boom');
    await expect(
      runStrategy(
        new ScriptedStrategy(() => {
          throw new Error('thrown');
        }),
        {},
      ),
    ).rejects.toThrow('thrown');
  });

  it('leaves the shared strategy untouched: concurrent attempts do not see each other', async () => {
    const strategy = new ScriptedStrategy((self, req) => setTimeout(() => self.success(req.input), req.input === 'slow' ? 10 : 0));
    const [slow, fast] = await Promise.all([runStrategy(strategy, { input: 'slow' }), runStrategy(strategy, { input: 'fast' })]);
    expect([slow, fast]).toEqual(['slow', 'fast']);
    expect(Object.prototype.hasOwnProperty.call(strategy, 'success')).toBe(false);
  });
});
