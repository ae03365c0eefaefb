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
  --cpu-prof=DIR      run Portico under node --cpu-prof and summarise the profile at the end`;

const DEFAULTS: BenchOptions = { durationS: 6, warmupS: 2, reps: 3, connections: 50, scenarios: [], requests: [], load: 'auto' };

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
