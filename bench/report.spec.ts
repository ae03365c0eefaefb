import type { MachineDescription } from './machine';
import type { Measurement } from './measurement';
import { cellOf, median, renderReport } from './report';
import { REQUEST_KINDS } from './request-kinds';
import type { Scenario } from './scenarios/scenario';

const machine: MachineDescription = { cpuModel: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v20.0.0', kernel: 'Linux 6.0', loadAverage: '0.00 0.00 0.00' };
const setup = { revision: 'abc1234', runMinutes: 4, loadGenerator: 'wrk test', connections: 50, durationS: 6, warmupS: 2, reps: 2, pinned: true, clockTicks: 100, quietWaitS: 30, disturbedRepeats: 2 };
const scenario = (id: string, ratios: Scenario['ratios'] = []): Scenario => ({ id, label: id, ratios, setup: async () => ({ skip: 'unused' }) });

function m(scenarioId: string, kind: string, rep: number, rps: number, cpu: number | null, extra: Partial<Measurement> = {}): Measurement {
  return { scenario: scenarioId, kind, rep, rps, p50Us: 1000 * rep, p99Us: 4000 * rep, cpuUsPerRequest: cpu, non2xx: 0, errors: 0, otherLoadPct: 1, ...extra };
}

describe('median', () => {
  it.each([
    [[3], 3],
    [[1, 3], 2],
    [[5, 1, 3], 3],
  ])('of %j is %d', (values, expected) => expect(median(values)).toBe(expected));
});

describe('cellOf', () => {
  it('reduces the reps of one scenario and request kind to medians, with the throughput range', () => {
    const measurements = [m('a', 'get', 1, 100, 50), m('a', 'get', 2, 300, 70), m('a', 'get', 3, 200, 60), m('a', 'post-1k', 1, 9, 9)];
    expect(cellOf(measurements, 'a', 'get')).toMatchObject({ rps: 200, rpsMin: 100, rpsMax: 300, cpuUsPerRequest: 60, p50Us: 2000, reps: 3 });
  });

  it('has no CPU figure without a gateway, and none at all without measurements', () => {
    expect(cellOf([m('d', 'get', 1, 10, null)], 'd', 'get')!.cpuUsPerRequest).toBeNull();
    expect(cellOf([], 'd', 'get')).toBeNull();
  });
});

describe('renderReport', () => {
  const scenarios = [scenario('bare'), scenario('portico', [{ against: 'bare', target: 0.6 }])];
  const measurements = [
    m('bare', 'get', 1, 10_000, 80),
    m('bare', 'post-1k', 1, 9_000, 90),
    m('portico', 'get', 1, 6_500, 140),
    m('portico', 'post-1k', 1, 5_000, 170),
  ];

  it('prints a row per scenario and request kind, and the ratios against the target', () => {
    const report = renderReport({ machine, setup, scenarios, kinds: REQUEST_KINDS, measurements, notes: [] });
    expect(report).toContain('| portico | GET | 6,500 (6,500–6,500) | 1.00 | 4.00 | 140 |');
    expect(report).toContain('| portico / bare | 0.65× (CPU 1.75×) | 0.56× (CPU 1.89×) | ≥ 0.6× — **missed** |');
    expect(report).toContain('Test CPU, 2 cores');
  });

  it('says the target is met only when every request kind meets it', () => {
    const fast = measurements.map((x) => (x.scenario === 'portico' ? { ...x, rps: x.rps * 2 } : x));
    expect(renderReport({ machine, setup, scenarios, kinds: REQUEST_KINDS, measurements: fast, notes: [] })).toContain('≥ 0.6× — met');
  });

  it('flags failed responses and a disturbed gateway core, and lists the notes', () => {
    const noisy = [...measurements.slice(0, 3), { ...measurements[3], non2xx: 5, otherLoadPct: 40 }];
    const report = renderReport({ machine, setup, scenarios, kinds: REQUEST_KINDS, measurements: noisy, notes: ['Skipped "x": because.'] });
    expect(report).toContain('⚠ 5 non-2xx, 0 errors');
    expect(report).toContain('1 of 4 measurements above 10%');
    expect(report).toContain('- Skipped "x": because.');
  });
});
