import type { Measurement } from './measurement';
import { pairedRatiosTable } from './paired-ratios';
import { REQUEST_KINDS } from './request-kinds';

const m = (scenario: string, kind: string, rep: number, rps: number, cpu: number): Measurement => ({
  scenario,
  kind,
  rep,
  rps,
  p50Us: 1,
  p99Us: 1,
  cpuUsPerRequest: cpu,
  non2xx: 0,
  errors: 0,
  otherLoadPct: 0,
});

describe('pairedRatiosTable', () => {
  const comparison = { label: 'on / off', numerator: 'on', denominator: 'off', target: 0.95 };

  it('takes the ratio within each pair and shows their median, range and the target', () => {
    // Pair 2 ran on a slower moment for both sides: within-pair ratios stay near 0.96–0.98.
    const measurements = [m('on', 'get', 1, 960, 104), m('off', 'get', 1, 1000, 100), m('on', 'get', 2, 490, 204), m('off', 'get', 2, 500, 200), m('on', 'get', 3, 970, 103), m('off', 'get', 3, 1000, 100)];
    const table = pairedRatiosTable(measurements, [comparison], REQUEST_KINDS.slice(0, 1)).join('\n');
    expect(table).toContain('| on / off | 3 | 0.970× (0.960×–0.980×; CPU 1.030×) | ≥ 0.95× — met |');
  });

  it('misses the target when the median pair is below it, and ignores a measurement without its pair', () => {
    const measurements = [m('on', 'get', 1, 900, 110), m('off', 'get', 1, 1000, 100), m('on', 'get', 2, 1000, 100), m('off', 'get', 2, 1000, 100), m('on', 'get', 3, 100, 1)];
    const table = pairedRatiosTable(measurements, [comparison], REQUEST_KINDS.slice(0, 1)).join('\n');
    expect(table).toContain('| on / off | 2 | 0.950× (0.900×–1.000×; CPU 1.050×) | ≥ 0.95× — met |');
    const worse = pairedRatiosTable([m('on', 'get', 1, 900, 110), m('off', 'get', 1, 1000, 100)], [comparison], REQUEST_KINDS.slice(0, 1)).join('\n');
    expect(worse).toContain('0.900× (0.900×–0.900×; CPU 1.100×) | ≥ 0.95× — **missed** |');
  });

  it('is empty when nothing was measured in pairs', () => {
    expect(pairedRatiosTable([m('on', 'get', 1, 1, 1)], [comparison], REQUEST_KINDS)).toEqual([]);
  });
});
