import { foreignLoadPct, foreignProcessTicks, processCpuTicks } from './machine';
import type { LoadGenerator } from './load/load-generator';
import { Measurement, OTHER_LOAD_LIMIT_PCT } from './measurement';
import type { RequestKind } from './request-kinds';
import type { PreparedTarget, Scenario } from './scenarios/scenario';

export interface ReadyScenario {
  scenario: Scenario;
  target: PreparedTarget;
}

export interface MeasurePlan {
  ready: readonly ReadyScenario[];
  kinds: readonly RequestKind[];
  connections: number;
  durationS: number;
  warmupS: number;
  reps: number;
  /** CLK_TCK: the unit of the gateway's CPU times. */
  clockTicks: number;
  /** Seconds to wait for other processes to go quiet before each measurement. */
  quietWaitS: number;
  /** Repeats of a measurement other processes disturbed. */
  disturbedRepeats: number;
}

export interface MeasureOutcome {
  measurements: Measurement[];
  /** Responses each gateway process served under load, warm-ups included (to put a CPU profile per request). */
  servedByPid: Map<number, number>;
}

type Progress = (line: string) => void;

/**
 * Warms every scenario × request kind up once, then runs the reps interleaved (rep 1 of everything,
 * then rep 2 …), so a slow drift of the machine spreads over all targets instead of biasing one.
 */
export async function measureAll(plan: MeasurePlan, load: LoadGenerator, progress: Progress): Promise<MeasureOutcome> {
  const servedByPid = new Map<number, number>();
  const served = (target: PreparedTarget, requests: number) => {
    if (target.gatewayPid !== null) servedByPid.set(target.gatewayPid, (servedByPid.get(target.gatewayPid) ?? 0) + requests);
  };
  if (plan.warmupS > 0) {
    for (const kind of plan.kinds) {
      for (const { scenario, target } of plan.ready) {
        progress(`warm-up  ${scenario.label} · ${kind.label}`);
        const warmup = await load.run(requestFor(target, kind), { connections: plan.connections, durationS: plan.warmupS });
        served(target, warmup.requests);
      }
    }
  }
  const measurements: Measurement[] = [];
  for (let rep = 1; rep <= plan.reps; rep++) {
    for (const kind of plan.kinds) {
      for (const { scenario, target } of plan.ready) {
        const name = `rep ${rep}/${plan.reps}  ${scenario.label} · ${kind.label}`;
        const m = await measureUndisturbed(plan, load, { scenario, target, kind, rep }, served, (line) => progress(`${name}: ${line}`));
        measurements.push(m);
        progress(`${name}: ${describe(m)}`);
      }
    }
  }
  return { measurements, servedByPid };
}

interface PlannedRun {
  scenario: Scenario;
  target: PreparedTarget;
  kind: RequestKind;
  rep: number;
}

/** One measurement, repeated while other processes competed for the CPUs (up to plan.disturbedRepeats times). */
async function measureUndisturbed(
  plan: MeasurePlan,
  load: LoadGenerator,
  cell: PlannedRun,
  served: (target: PreparedTarget, requests: number) => void,
  progress: Progress,
): Promise<Measurement> {
  for (let repeat = 0; ; repeat++) {
    await waitForQuiet(plan, progress);
    const { measurement, requests } = await measureOnce(plan, load, cell);
    served(cell.target, requests);
    if (measurement.otherLoadPct <= OTHER_LOAD_LIMIT_PCT || repeat >= plan.disturbedRepeats) return measurement;
    progress(`disturbed (other processes used ${measurement.otherLoadPct.toFixed(0)}% of a core), repeating`);
  }
}

function describe(m: Measurement): string {
  const cpu = m.cpuUsPerRequest === null ? '' : `, ${Math.round(m.cpuUsPerRequest)} µs CPU/req`;
  const failures = m.non2xx + m.errors ? `, ⚠ ${m.non2xx} non-2xx, ${m.errors} errors` : '';
  return (
    `${Math.round(m.rps)} req/s, p50 ${(m.p50Us / 1000).toFixed(2)} ms, p99 ${(m.p99Us / 1000).toFixed(2)} ms${cpu}, ` +
    `other processes ${m.otherLoadPct.toFixed(0)}% of a core${failures}`
  );
}

/** On a shared machine, give other work (a test suite, a build) up to plan.quietWaitS to finish before measuring. */
async function waitForQuiet({ clockTicks, quietWaitS }: MeasurePlan, progress: Progress): Promise<void> {
  for (let waited = 0; waited < quietWaitS; waited++) {
    const before = foreignProcessTicks();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const load = foreignLoadPct(before, foreignProcessTicks(), 1, clockTicks);
    if (load <= OTHER_LOAD_LIMIT_PCT) return;
    if (waited === 0) progress(`other processes are using ${load.toFixed(0)}% of a core; waiting up to ${quietWaitS} s`);
  }
}

async function measureOnce(plan: MeasurePlan, load: LoadGenerator, { scenario, target, kind, rep }: PlannedRun): Promise<{ measurement: Measurement; requests: number }> {
  const pid = target.gatewayPid;
  const othersBefore = foreignProcessTicks();
  const ticksBefore = pid === null ? 0 : processCpuTicks(pid);
  const startedAt = process.hrtime.bigint();
  const result = await load.run(requestFor(target, kind), { connections: plan.connections, durationS: plan.durationS });
  const ticks = pid === null ? 0 : processCpuTicks(pid) - ticksBefore;
  const elapsedS = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const otherLoadPct = foreignLoadPct(othersBefore, foreignProcessTicks(), elapsedS, plan.clockTicks);
  const measurement: Measurement = {
    scenario: scenario.id,
    kind: kind.id,
    rep,
    rps: result.requests / result.durationS,
    p50Us: result.p50Us,
    p99Us: result.p99Us,
    cpuUsPerRequest: pid === null || result.requests === 0 ? null : (ticks * 1e6) / plan.clockTicks / result.requests,
    non2xx: result.non2xx,
    errors: result.errors,
    otherLoadPct,
  };
  return { measurement, requests: result.requests };
}

function requestFor(target: PreparedTarget, kind: RequestKind) {
  return { url: target.url, method: kind.method, headers: { ...kind.headers, ...target.headers }, body: kind.body, rotating: target.rotating };
}
