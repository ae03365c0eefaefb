import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchOptions, parseOptions, USAGE, UsageError } from './bench-options';
import { ChildProcesses } from './child-processes';
import { newestProfile, summarizeProfile, type CpuProfile } from './cpu-profile-summary';
import { GATEWAY_CPU, LOAD_CPU, pinSelf } from './cpu-pinning';
import { AutocannonLoadGenerator } from './load/autocannon.load';
import type { LoadGenerator } from './load/load-generator';
import { WrkLoadGenerator } from './load/wrk.load';
import { clockTicksPerSecond, describeMachine } from './machine';
import { measureAll, ReadyScenario } from './measure';
import { measureObservingCost } from './observing-cost';
import { PorticoUnderTest } from './portico-under-test';
import { renderReport } from './report';
import { porticoRevision } from './revision';
import { REQUEST_KINDS, RequestKind } from './request-kinds';
import { BenchEnvironment, isSkip, Scenario } from './scenarios/scenario';
import { pairedRatiosTable } from './paired-ratios';
import { OBSERVING_COMPARISONS, OBSERVING_SCENARIOS, OBSERVING_SIDES } from './scenarios/observability.scenarios';
import { SCENARIOS } from './scenarios/scenarios';
import { checkTarget } from './target-check';

const SERVER_START_TIMEOUT_MS = 15_000;
// Start-up, setup and shutdown of everything, on top of the measurements themselves.
const FIXED_BUDGET_S = 180;
const PER_RUN_OVERHEAD_S = 5;
// Start-up and stop of one gateway of the access-log A/B.
const GATEWAY_START_S = 20;

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/**
 * `npm run bench`: the same requests direct to an upstream, through a bare Node proxy and through
 * Portico's routes, in one run; the Markdown report goes to stdout, progress to stderr.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = Date.now();
  // Now, not at the end: what was built is what runs, whatever is edited meanwhile.
  const revision = porticoRevision();
  const options = parseOptions(argv);
  const selected = selectById('scenario', [...SCENARIOS, ...OBSERVING_SCENARIOS], options.scenarios);
  const scenarios = SCENARIOS.filter((scenario) => selected.includes(scenario));
  const observingSides = options.observingPairs === 0 ? [] : OBSERVING_SIDES.map((side) => ({ ...side, scenarios: side.scenarios.filter((s) => selected.includes(s)) })).filter((side) => side.scenarios.length);
  const kinds = selectById('request kind', REQUEST_KINDS, options.requests);
  const children = new ChildProcesses();
  const cleanups: Array<() => Promise<void>> = [];
  let load: LoadGenerator | null = null;

  let stopping: Promise<void> | null = null;
  const stopEverything = () =>
    (stopping ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => progress(`clean-up failed: ${(err as Error).message}`));
      await children.stopAll();
      load?.close();
    })());
  process.once('exit', () => children.killAllNow());
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      progress(`${signal}: stopping every child process`);
      void stopEverything().finally(() => process.exit(code));
    });
  }
  const budgetS = timeBudgetS(options, scenarios.length * kinds.length, observingSides.reduce((sum, side) => sum + side.scenarios.length, 0) * kinds.length);
  const watchdog = setTimeout(() => {
    progress(`still running after ${budgetS} s: giving up`);
    void stopEverything().finally(() => process.exit(1));
  }, budgetS * 1_000);

  try {
    const pinned = pinSelf(LOAD_CPU);
    const machine = describeMachine();
    load = chooseLoadGenerator(options, children);
    progress(`${load.description}; ${pinned ? 'gateway on CPU 0, load on CPU 1' : 'no CPU pinning'}; time limit ${budgetS} s`);

    const { env, profiled, accessLogDir } = await startProcesses(children, options, cleanups);
    const prepared = await prepareScenarios(scenarios, kinds, env);
    const { ready, notes } = prepared;
    let failed = prepared.failed;
    const clockTicks = clockTicksPerSecond();
    const measuring = {
      kinds,
      connections: options.connections,
      durationS: options.durationS,
      warmupS: options.warmupS,
      clockTicks,
      quietWaitS: options.quietWaitS,
      disturbedRepeats: options.disturbedRepeats,
    };
    const { measurements, servedByPid } = await measureAll({ ...measuring, ready, reps: options.reps }, load, progress);
    const warnings: string[] = env.portico.output.match(/^.*"level":(40|50|60).*$/gm) ?? [];
    const reported = ready.map((r) => r.scenario);
    const sections: string[] = [];
    if (observingSides.length) {
      const observing = await measureObservingCost({ ...measuring, pairs: options.observingPairs, sides: observingSides, accessLogDir }, env, children, load, progress);
      measurements.push(...observing.measurements);
      warnings.push(...observing.warnings);
      failed ||= observing.failed;
      notes.push(
        `The "A/B" rows measure what the access log costs (issue 11): ${options.observingPairs} pairs of fresh gateways that differ only in ` +
          '`PORTICO_ACCESS_LOG` (a file, as on the default gateway, or `off`; metrics and request ids are on in both), set up alike; each ' +
          'measurement is taken on one side and then at once on the other, and a pair is stopped before the next starts. Each A/B row is ' +
          'the median over its pairs (min–max across them); "Paired ratios" takes the ratio within each pair first.',
        ...observing.notes,
      );
      sections.push(...pairedRatiosTable(observing.measurements, OBSERVING_COMPARISONS, kinds));
      reported.push(...observingSides.flatMap((side) => side.scenarios).filter((s) => observing.measurements.some((m) => m.scenario === s.id)));
    }
    if (warnings.length) notes.push(`Portico logged warnings or errors during the run, e.g. \`${warnings[0].slice(0, 300)}\``);

    process.stdout.write(
      renderReport({
        machine,
        setup: {
          revision,
          runMinutes: (Date.now() - startedAt) / 60_000,
          loadGenerator: load.description,
          connections: options.connections,
          durationS: options.durationS,
          warmupS: options.warmupS,
          reps: options.reps,
          pinned,
          clockTicks,
          quietWaitS: options.quietWaitS,
          disturbedRepeats: options.disturbedRepeats,
        },
        scenarios: reported,
        kinds,
        measurements,
        sections,
        notes,
      }) + '\n',
    );

    await stopEverything();
    for (const gateway of profiled) reportProfile(gateway, servedByPid.get(gateway.pid));
    // Numbers from failed responses are not a result: scripts running the bench must see it.
    const broken = measurements.some((m) => m.non2xx + m.errors > 0);
    return failed || broken ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await stopEverything();
  }
}

function selectById<T extends { id: string }>(what: string, all: readonly T[], ids: string[]): readonly T[] {
  const unknown = ids.filter((id) => !all.some((item) => item.id === id));
  if (unknown.length) throw new UsageError(`unknown ${what} ${unknown.join(', ')}; known: ${all.map((item) => item.id).join(', ')}`);
  return ids.length ? all.filter((item) => ids.includes(item.id)) : all;
}

function chooseLoadGenerator(options: BenchOptions, children: ChildProcesses): LoadGenerator {
  if (options.load !== 'autocannon') {
    const wrk = WrkLoadGenerator.create(children);
    if (wrk) return wrk;
    if (options.load === 'wrk') throw new Error('--load=wrk: wrk is not on PATH');
  }
  return AutocannonLoadGenerator.create();
}

/** A gateway running under node --cpu-prof. */
interface ProfiledGateway {
  name: string;
  pid: number;
  dir: string;
}

// Profiles count from the gateway's first HTTP request (Node's server-side request handler), leaving out start-up.
const FIRST_REQUEST = /^parserOnIncoming node:_http_server$/;

/** Upstream, bare proxy and Portico, each announcing its random loopback port. */
async function startProcesses(children: ChildProcesses, options: BenchOptions, cleanups: Array<() => Promise<void>>) {
  const profileDir = (name: string) => {
    if (!options.cpuProfileDir) return undefined;
    const dir = resolve(options.cpuProfileDir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const server = (name: string) => join(__dirname, 'servers', `${name}.server.js`);
  const upstream = children.spawn('upstream', process.execPath, [server('upstream')], { cpu: LOAD_CPU, stdinLifeline: true });
  const upstreamUrl = (await upstream.waitFor(/^upstream: listening on (\S+)$/m, SERVER_START_TIMEOUT_MS))[1];

  const bareProfileDir = profileDir('bare-proxy');
  const bareArgs = [...(bareProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${bareProfileDir}`] : []), server('bare-proxy'), upstreamUrl];
  const bare = children.spawn('bare-proxy', process.execPath, bareArgs, { cpu: GATEWAY_CPU, stdinLifeline: true });
  const bareUrl = (await bare.waitFor(/^bare-proxy: listening on (\S+)$/m, SERVER_START_TIMEOUT_MS))[1];

  const porticoProfileDir = profileDir('portico');
  const accessLogDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  cleanups.push(async () => rmSync(accessLogDir, { recursive: true, force: true }));
  const accessLogTo = (name: string) => ({ PORTICO_ACCESS_LOG: join(accessLogDir, `${name}.log`) });
  const portico = await PorticoUnderTest.start(children, { cpuProfileDir: porticoProfileDir, env: accessLogTo('access') });
  progress(`upstream ${upstreamUrl}, bare proxy ${bareUrl} (pid ${bare.pid}), Portico proxy ${portico.proxyUrl} (pid ${portico.pid})`);

  const profiled: ProfiledGateway[] = [];
  if (porticoProfileDir) profiled.push({ name: 'Portico', pid: portico.pid, dir: porticoProfileDir });
  if (bareProfileDir) profiled.push({ name: 'bare Node proxy', pid: bare.pid, dir: bareProfileDir });

  const shared = new Map<string, Promise<unknown>>();
  const env: BenchEnvironment = {
    upstreamUrl,
    bareProxy: { url: bareUrl, pid: bare.pid },
    portico,
    freshTokenPortico: () =>
      env.once('fresh-token-portico', async () => {
        const dir = profileDir('portico-fresh-token');
        const fresh = await PorticoUnderTest.start(children, { cpuProfileDir: dir, env: accessLogTo('fresh-token') });
        if (dir) profiled.push({ name: 'Portico for the fresh-token scenario', pid: fresh.pid, dir });
        return fresh;
      }),
    once: <T>(key: string, factory: () => Promise<T>) => {
      if (!shared.has(key)) shared.set(key, factory());
      return shared.get(key) as Promise<T>;
    },
    onCleanup: (cleanup) => cleanups.push(cleanup),
  };
  return { env, profiled, accessLogDir };
}

/** Runs each scenario's setup and checks its target answers; a skip or a failure becomes a note and the rest still run. */
async function prepareScenarios(scenarios: readonly Scenario[], kinds: readonly RequestKind[], env: BenchEnvironment) {
  const ready: ReadyScenario[] = [];
  const notes: string[] = [];
  let failed = false;
  for (const scenario of scenarios) {
    try {
      const target = await scenario.setup(env);
      if (isSkip(target)) {
        notes.push(`Skipped "${scenario.label}": ${target.skip}.`);
        progress(`skipped ${scenario.id}: ${target.skip}`);
        continue;
      }
      await checkTarget(target, kinds);
      ready.push({ scenario, target });
    } catch (err) {
      failed = true;
      const message = (err as Error).message.split('\n')[0];
      notes.push(`**Failed** "${scenario.label}": ${message}`);
      progress(`FAILED ${scenario.id}: ${(err as Error).message}`);
    }
  }
  return { ready, notes, failed };
}

/** runs: scenario × request kind cells of the main matrix; observingRuns: those of one A/B pair's gateways together. */
function timeBudgetS(options: BenchOptions, runs: number, observingRuns: number): number {
  const measurementS = options.durationS + PER_RUN_OVERHEAD_S;
  const cellS = (reps: number) => options.warmupS + PER_RUN_OVERHEAD_S + reps * (1 + options.disturbedRepeats) * (options.quietWaitS + measurementS);
  const observingS = observingRuns ? options.observingPairs * (2 * GATEWAY_START_S + observingRuns * cellS(1)) : 0;
  return FIXED_BUDGET_S + runs * cellS(options.reps) + observingS;
}

/** Written when the gateway exited; summarised per request over the load it served. */
function reportProfile(gateway: ProfiledGateway, requests: number | undefined): void {
  const file = newestProfile(gateway.dir);
  if (!file) {
    progress(`no .cpuprofile was written to ${gateway.dir}`);
    return;
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, { since: FIRST_REQUEST, requests, top: 40 });
  writeFileSync(`${file}.summary.md`, summary + '\n');
  progress(`CPU profile of the ${gateway.name}: ${file} (summary in ${file}.summary.md)\n${summary}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      process.exit(2);
    }
    progress(`failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
