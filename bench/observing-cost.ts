import { join } from 'node:path';
import type { ChildProcesses } from './child-processes';
import type { LoadGenerator } from './load/load-generator';
import { MeasurePlan, measureAll, ReadyScenario } from './measure';
import type { Measurement } from './measurement';
import { PorticoUnderTest } from './portico-under-test';
import type { RequestKind } from './request-kinds';
import type { ObservingSide } from './scenarios/observability.scenarios';
import { BenchEnvironment, isSkip } from './scenarios/scenario';
import { checkTarget } from './target-check';

export interface ObservingPlan extends Omit<MeasurePlan, 'ready' | 'reps'> {
  /** How many gateways each side gets (one fresh process each, measured alone). */
  pairs: number;
  sides: readonly ObservingSide[];
  /** Where the log-on side's access log goes (a temporary directory the bench removes). */
  accessLogDir: string;
}

export interface ObservingOutcome {
  /** One per side's scenario and request kind and pair; `rep` is the pair. */
  measurements: Measurement[];
  notes: string[];
  /** Warnings or errors a gateway of the A/B logged. */
  warnings: string[];
  failed: boolean;
}

type Progress = (line: string) => void;

/**
 * The access-log A/B (issue 11): for each pair, one fresh gateway per side, set up alike and run side
 * by side but loaded one at a time: every scenario and request kind is warmed up and then measured
 * once on each, back to back, so the two sides of a pair see the same moment of a shared machine.
 * Both are stopped before the next pair starts; the sides take turns starting first.
 */
export async function measureObservingCost(
  plan: ObservingPlan,
  env: BenchEnvironment,
  children: ChildProcesses,
  load: LoadGenerator,
  progress: Progress,
): Promise<ObservingOutcome> {
  const outcome: ObservingOutcome = { measurements: [], notes: [], warnings: [], failed: false };
  const skipped = new Set<string>();
  for (let pair = 1; pair <= plan.pairs; pair++) {
    const sides = pair % 2 === 1 ? plan.sides : [...plan.sides].reverse();
    const gateways: PorticoUnderTest[] = [];
    try {
      const ready: ReadyScenario[][] = [];
      for (const side of sides) {
        const accessLog = side.accessLog === 'off' ? 'off' : join(plan.accessLogDir, `observing-${pair}.log`);
        const gateway = await PorticoUnderTest.start(children, { env: { PORTICO_ACCESS_LOG: accessLog } });
        gateways.push(gateway);
        ready.push(await prepare(side, { ...env, portico: gateway }, plan.kinds, outcome, skipped, progress));
      }
      // Scenario by scenario, one side then the other: a scenario's two measurements are seconds apart.
      const interleaved = ready[0].flatMap((_, i) => ready.map((side) => side[i]).filter((r) => r !== undefined));
      const { measurements } = await measureAll({ ...plan, ready: interleaved, reps: 1 }, load, (line) => progress(`A/B pair ${pair}/${plan.pairs}: ${line}`));
      outcome.measurements.push(...measurements.map((m) => ({ ...m, rep: pair })));
      for (const gateway of gateways) outcome.warnings.push(...(gateway.output.match(/^.*"level":(40|50|60).*$/gm) ?? []));
    } finally {
      for (const gateway of gateways) await gateway.stop();
    }
  }
  return outcome;
}

/** The side's scenarios set up on this gateway and checked; a skip or failure is noted once, and the rest still run. */
async function prepare(
  side: ObservingSide,
  env: BenchEnvironment,
  kinds: readonly RequestKind[],
  outcome: ObservingOutcome,
  skipped: Set<string>,
  progress: Progress,
): Promise<ReadyScenario[]> {
  const ready: ReadyScenario[] = [];
  for (const scenario of side.scenarios) {
    if (skipped.has(scenario.id)) continue;
    try {
      const target = await scenario.setup(env);
      if (isSkip(target)) {
        skipped.add(scenario.id);
        outcome.notes.push(`Skipped "${scenario.label}": ${target.skip}.`);
        progress(`skipped ${scenario.id}: ${target.skip}`);
        continue;
      }
      await checkTarget(target, kinds);
      ready.push({ scenario, target });
    } catch (err) {
      skipped.add(scenario.id);
      outcome.failed = true;
      outcome.notes.push(`**Failed** "${scenario.label}": ${(err as Error).message.split('\n')[0]}`);
      progress(`FAILED ${scenario.id}: ${(err as Error).message}`);
    }
  }
  return ready;
}
