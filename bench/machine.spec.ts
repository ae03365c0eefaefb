import { foreignLoadPct, foreignProcessTicks, parseStat } from './machine';

describe('parseStat', () => {
  it('reads the parent pid and adds utime (field 14) and stime (field 15)', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194304 1000 0 0 0 1234 567 0 0 20 0 11 0 100 0';
    expect(parseStat(stat)).toEqual({ ppid: 1, ticks: 1234 + 567 });
  });

  it('is not fooled by spaces and parentheses in the command name', () => {
    const stat = '4242 (my (odd) proc) R 7 4242 4242 0 -1 4194304 1000 0 0 0 10 20 0 0 20 0 11 0 100 0';
    expect(parseStat(stat)).toEqual({ ppid: 7, ticks: 30 });
  });

  it('rejects a line it cannot read rather than reporting zero', () => {
    expect(() => parseStat('4242 (node) S 1')).toThrow(/unexpected \/proc stat line/);
  });
});

describe('foreignLoadPct', () => {
  it('adds what each other process used, new ones in full, in % of one core', () => {
    const before = new Map([[10, 100], [11, 50]]);
    const after = new Map([[10, 130], [11, 50], [12, 20]]);
    // 30 + 0 + 20 ticks in 2 s at 100 ticks/s = 25% of a core
    expect(foreignLoadPct(before, after, 2, 100)).toBe(25);
  });

  it('ignores a pid reused with a smaller count', () => {
    expect(foreignLoadPct(new Map([[10, 500]]), new Map([[10, 5]]), 1, 100)).toBe(0);
  });
});

describe('foreignProcessTicks', () => {
  it('leaves out this process and its children', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const foreign = foreignProcessTicks();
      expect(foreign.has(process.pid)).toBe(false);
      expect(foreign.has(child.pid!)).toBe(false);
      expect(foreignProcessTicks(child.pid!).has(process.pid)).toBe(true);
    } finally {
      child.kill();
    }
  });
});
