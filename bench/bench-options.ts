import { DISTURBED_REPEATS, QUIET_WAIT_S } from './measurement';

export interface BenchOptions {
  durationS: number;
  warmupS: number;
  reps: number;
  connections: number;
  /** Scenario ids to run; empty: all. */
  scenarios: string[];
  /** Request kind ids to send; empty: all. */
  requests: string[];
  load: 'auto' | 'wrk' | 'autocannon';
  /** Seconds to wait for other processes to go quiet before each measurement. */
  quietWaitS: number;
  /** Repeats of a measurement disturbed by other processes. */
  disturbedRepeats: number;
  /** Gateways per side of the access-log A/B (0: no A/B). */
  observingPairs: number;
  /** Profile the Portico child with node --cpu-prof into this directory. */
  cpuProfileDir?: string;
}

/** A mistake on the command line: reported as its message and the usage, without a stack. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run bench [-- options]
  --duration=S        seconds per measurement (default 6)
  --warmup=S          seconds of warm-up per scenario and request, not recorded (default 2)
  --reps=N            interleaved repetitions of every measurement (default 3)
  --connections=N     concurrent connections (default 50)
  --scenarios=a,b     only these scenario ids (default: all)
  --requests=get,post-1k  only these request kinds (default: all)
  --load=wrk|autocannon   load generator (default: wrk when on PATH, else autocannon)
  --quiet-wait=S      wait up to S seconds for other processes to go quiet before each measurement (default 30)
  --disturbed-repeats=N  repeat a measurement disturbed by other processes up to N times (default 2)
  --observing-pairs=N  fresh gateways per side of the access-log A/B, log on and log off (default 6; 0 skips it)
  --cpu-prof=DIR      run Portico under node --cpu-prof and summarise the profile at the end`;

const DEFAULTS: BenchOptions = { durationS: 6, warmupS: 2, reps: 3, connections: 50, scenarios: [], requests: [], load: 'auto', quietWaitS: QUIET_WAIT_S, disturbedRepeats: DISTURBED_REPEATS, observingPairs: 6 };

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, scenarios: [], requests: [] };
  for (const arg of argv) {
    const [, name, value] = /^--([a-z-]+)=(.*)$/.exec(arg) ?? [];
    switch (name) {
      case 'duration':
        options.durationS = integer(name, value, 1, 120);
        break;
      case 'warmup':
        options.warmupS = integer(name, value, 0, 60);
        break;
      case 'reps':
        options.reps = integer(name, value, 1, 20);
        break;
      case 'connections':
        options.connections = integer(name, value, 1, 1_000);
        break;
      case 'scenarios':
        options.scenarios = value.split(',').filter(Boolean);
        break;
      case 'requests':
        options.requests = value.split(',').filter(Boolean);
        break;
      case 'load':
        if (value !== 'wrk' && value !== 'autocannon' && value !== 'auto') throw new UsageError(`--load: expected wrk or autocannon`);
        options.load = value;
        break;
      case 'quiet-wait':
        options.quietWaitS = integer(name, value, 0, 600);
        break;
      case 'disturbed-repeats':
        options.disturbedRepeats = integer(name, value, 0, 10);
        break;
      case 'observing-pairs':
        options.observingPairs = integer(name, value, 0, 10);
        break;
      case 'cpu-prof':
        if (!value) throw new UsageError('--cpu-prof needs a directory');
        options.cpuProfileDir = value;
        break;
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  return options;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got "${value}"`);
  return n;
}
