import type { MachineDescription } from './machine';
import type { RequestKind } from './request-kinds';
import type { Scenario } from './scenarios/scenario';
import { Measurement, OTHER_LOAD_LIMIT_PCT } from './measurement';

/** The reps of one scenario × request kind, reduced to medians (robust to one disturbed rep). */
export interface Cell {
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50Us: number;
  p99Us: number;
  cpuUsPerRequest: number | null;
  non2xx: number;
  errors: number;
  reps: number;
}

export interface ReportInput {
  machine: MachineDescription;
  setup: {
    /** The Portico build measured (commit, dirty or not). */
    revision: string;
    /** Wall time of the whole run so far (start-up, setup, warm-ups, measurements). */
    runMinutes: number;
    loadGenerator: string;
    connections: number;
    durationS: number;
    warmupS: number;
    reps: number;
    pinned: boolean;
    clockTicks: number;
    quietWaitS: number;
    disturbedRepeats: number;
  };
  scenarios: readonly Scenario[];
  kinds: readonly RequestKind[];
  measurements: readonly Measurement[];
  /** Further sections (Markdown lines), after the ratios. */
  sections?: readonly string[];
  notes: readonly string[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function cellOf(measurements: readonly Measurement[], scenario: string, kind: string): Cell | null {
  const runs = measurements.filter((m) => m.scenario === scenario && m.kind === kind);
  if (!runs.length) return null;
  const cpu = runs.map((m) => m.cpuUsPerRequest).filter((v): v is number => v !== null);
  const rps = runs.map((m) => m.rps);
  return {
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50Us: median(runs.map((m) => m.p50Us)),
    p99Us: median(runs.map((m) => m.p99Us)),
    cpuUsPerRequest: cpu.length ? median(cpu) : null,
    non2xx: runs.reduce((sum, m) => sum + m.non2xx, 0),
    errors: runs.reduce((sum, m) => sum + m.errors, 0),
    reps: runs.length,
  };
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (us: number) => (us / 1_000).toFixed(2);
const ratio = (n: number) => `${n.toFixed(2)}×`;

type CellLookup = (scenario: string, kind: string) => Cell | null;

export function renderReport(input: ReportInput): string {
  const cache = new Map<string, Cell | null>();
  const cell: CellLookup = (scenario, kind) => {
    const key = `${scenario}\u0000${kind}`;
    if (!cache.has(key)) cache.set(key, cellOf(input.measurements, scenario, kind));
    return cache.get(key)!;
  };
  const notes = input.notes.length ? ['### Notes', '', ...input.notes.map((note) => `- ${note}`), ''] : [];
  return ['## Results', '', ...setupLines(input), '', ...resultsTable(input, cell), '', ...ratiosTable(input, cell), ...(input.sections ?? []), ...notes].join('\n');
}

function setupLines({ machine, setup, measurements }: ReportInput): string[] {
  return [
    `- Portico ${setup.revision}. Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.kernel}; Node ${machine.node}.`,
    `- Load: ${setup.loadGenerator}, ${setup.connections} connections, ${setup.durationS} s per measurement after a ${setup.warmupS} s warm-up; ` +
      `${setup.reps} interleaved reps (${setup.runMinutes.toFixed(0)} min in all), medians shown; each measurement waits (up to ${setup.quietWaitS} s) ` +
      `for other processes to go quiet, and one during which they used more than ${OTHER_LOAD_LIMIT_PCT}% of a core is repeated (up to ${setup.disturbedRepeats} times).`,
    setup.pinned
      ? '- Pinning (taskset): the gateway under test on CPU 0; load generator, upstream, IdP and the bench itself on CPU 1.'
      : '- No CPU pinning (taskset missing or a single core): gateway and load generator share the cores.',
    `- Gateway CPU = utime + stime from /proc/<pid>/stat (all threads; CLK_TCK ${setup.clockTicks}) over the measurement ÷ responses.`,
    `- Load average at start: ${machine.loadAverage}.${otherLoadSummary(measurements)}`,
  ];
}

function resultsTable({ scenarios, kinds }: ReportInput, cell: CellLookup): string[] {
  const rows = ['| Target | Request | req/s (median, min–max) | p50 ms | p99 ms | gateway CPU µs/req |', '|---|---|---:|---:|---:|---:|'];
  for (const scenario of scenarios) {
    for (const kind of kinds) {
      const c = cell(scenario.id, kind.id);
      if (!c) continue;
      const failures = c.non2xx + c.errors ? ` ⚠ ${c.non2xx} non-2xx, ${c.errors} errors` : '';
      rows.push(
        `| ${scenario.label} | ${kind.label} | ${integer(c.rps)} (${integer(c.rpsMin)}–${integer(c.rpsMax)})${failures} | ` +
          `${ms(c.p50Us)} | ${ms(c.p99Us)} | ${c.cpuUsPerRequest === null ? '—' : integer(c.cpuUsPerRequest)} |`,
      );
    }
  }
  return rows;
}

/** Each scenario's declared ratios, per request kind, with the issue's target where there is one. */
function ratiosTable({ scenarios, kinds }: ReportInput, cell: CellLookup): string[] {
  const labelOf = (id: string) => scenarios.find((s) => s.id === id)?.label ?? id;
  const rows: string[] = [];
  for (const scenario of scenarios) {
    for (const spec of scenario.ratios) {
      const values = kinds.map((kind) => {
        const mine = cell(scenario.id, kind.id);
        const theirs = cell(spec.against, kind.id);
        if (!mine || !theirs) return null;
        const cpu = mine.cpuUsPerRequest !== null && theirs.cpuUsPerRequest ? mine.cpuUsPerRequest / theirs.cpuUsPerRequest : null;
        return { throughput: mine.rps / theirs.rps, cpu };
      });
      const measured = values.filter((v): v is NonNullable<typeof v> => v !== null);
      if (!measured.length) continue;
      const shown = values.map((v) => (v === null ? 'n/a' : `${ratio(v.throughput)}${v.cpu === null ? '' : ` (CPU ${ratio(v.cpu)})`}`));
      const met = measured.every((v) => v.throughput >= spec.target!);
      const target = spec.target === undefined ? '' : `≥ ${spec.target}× — ${met ? 'met' : '**missed**'}`;
      rows.push(`| ${scenario.label} / ${labelOf(spec.against)} | ${shown.join(' | ')} | ${target} |`);
    }
  }
  if (!rows.length) return [];
  return [
    '### Ratios',
    '',
    'Throughput ratio of the medians; in brackets the ratio of gateway CPU per request where both have a gateway.',
    '',
    `| Ratio | ${kinds.map((k) => k.label).join(' | ')} | Target |`,
    `|---|${kinds.map(() => '---:|').join('')}---|`,
    ...rows,
    '',
  ];
}

function otherLoadSummary(measurements: readonly Measurement[]): string {
  const loads = measurements.map((m) => m.otherLoadPct);
  if (!loads.length) return '';
  const max = Math.max(...loads);
  const disturbed = loads.filter((v) => v > OTHER_LOAD_LIMIT_PCT).length;
  return (
    ` CPU used by other processes during the kept measurements: median ${median(loads).toFixed(1)}%, max ${max.toFixed(1)}% of a core` +
    (disturbed ? ` — **${disturbed} of ${loads.length} measurements above ${OTHER_LOAD_LIMIT_PCT}%: re-run on a quiet machine**.` : '.')
  );
}
