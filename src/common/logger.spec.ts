import { RepeatedLines } from './logger';

describe('RepeatedLines', () => {
  let now: number;
  let timers: { at: number; run: () => void }[];
  let lines: { level: string; fields: Record<string, unknown>; message: string }[];

  const make = (maxReasons = 100) =>
    new RepeatedLines({
      intervalMs: 1000,
      maxReasons,
      now: () => now,
      setTimer: (run, ms) => timers.push({ at: now + ms, run }),
      emit: (level, fields, message) => lines.push({ level, fields, message }),
    });

  /** Moves the clock, running the timers that fall due, in order. */
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > until) break;
      timers.shift();
      now = next.at;
      next.run();
    }
    now = until;
  };

  beforeEach(() => {
    now = 1_000_000;
    timers = [];
    lines = [];
  });

  it('writes the first line at once and one line per second after, with the count left out', () => {
    const log = make();
    for (let i = 0; i < 6000; i++) {
      log.log('warn', 'idp down', { request: i }, 'identity provider unavailable');
      advance(1);
    }
    // 6 seconds of a flood: the first line, then one per second, the latest of that second's lines
    // with the count of the others left out.
    expect(lines).toHaveLength(7);
    expect(lines[0]).toEqual({ level: 'warn', fields: { request: 0 }, message: 'identity provider unavailable' });
    expect(lines[1]).toEqual({ level: 'warn', fields: { request: 999, suppressed: 998 }, message: 'identity provider unavailable' });
    expect(lines.slice(2).map((l) => l.fields.suppressed)).toEqual([999, 999, 999, 999, 999]);
    // Every line is accounted for: written, or counted on a line that was.
    expect(lines.reduce((sum, l) => sum + 1 + ((l.fields.suppressed as number | undefined) ?? 0), 0)).toBe(6000);
    advance(5000);
    expect(lines).toHaveLength(7);
  });

  it('reports a single line held back without a count', () => {
    const log = make();
    log.log('warn', 'r', { n: 1 }, 'm');
    log.log('warn', 'r', { n: 2 }, 'm');
    advance(1000);
    expect(lines.map((l) => l.fields)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('writes a lone line at once, and again a second later', () => {
    const log = make();
    log.log('warn', 'r', {}, 'one');
    advance(1000);
    log.log('warn', 'r', {}, 'two');
    expect(lines.map((l) => l.message)).toEqual(['one', 'two']);
    expect(timers).toHaveLength(0);
  });

  it('limits each reason on its own', () => {
    const log = make();
    log.log('warn', 'a', {}, 'a1');
    log.log('warn', 'b', {}, 'b1');
    log.log('warn', 'a', {}, 'a2');
    expect(lines.map((l) => l.message)).toEqual(['a1', 'b1']);
    advance(1000);
    expect(lines.map((l) => l.message)).toEqual(['a1', 'b1', 'a2']);
  });

  it('bounds the reasons it tracks; a dropped reason starts afresh', () => {
    const log = make(2);
    log.log('warn', 'a', {}, 'a1');
    log.log('warn', 'a', {}, 'a2');
    log.log('warn', 'b', {}, 'b1');
    log.log('warn', 'c', {}, 'c1');
    log.log('warn', 'a', {}, 'a3');
    advance(1000);
    expect(lines.map((l) => l.message)).toEqual(['a1', 'b1', 'c1', 'a3']);
  });
});
