import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The parts of V8's .cpuprofile format (what `node --cpu-prof` writes) that the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

export interface SummaryOptions {
  /** Rows in each function table. */
  top?: number;
  /**
   * Count only from the first sample with a frame whose `<function> <url>` matches, e.g. the first HTTP
   * request, so start-up (module loading, migrations) does not pollute the per-request figures. The
   * function name matters: a module's own top-level code runs in a frame with its URL too.
   */
  since?: RegExp;
  /** Requests served in the counted window: adds a µs-per-request column. */
  requests?: number;
}

interface Frame {
  fn: string;
  location: string;
  /** A package, a Node core module (`node:…`), a folder of Portico, or a V8 pseudo-frame. */
  area: string;
}

/** Microseconds per key. */
type Tally = Map<string, number>;

interface Tallies {
  total: number;
  idle: number;
  selfByFunction: Tally;
  selfByArea: Tally;
  inclusiveByArea: Tally;
  inclusiveByFunction: Tally;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
const IDLE = '(idle)';
const KEY_SEPARATOR = '\u0000';

/**
 * Where a gateway's CPU time goes: self time per area (package, Node core module, Portico folder) and
 * per function, and inclusive time per area and per function outside Node core (time with the frame
 * anywhere on the stack). Percentages are of busy time, i.e. without (idle).
 */
export function summarizeProfile(profile: CpuProfile, options: SummaryOptions = {}): string {
  return render(tally(profile, options.since), options);
}

function tally(profile: CpuProfile, since: RegExp | undefined): Tallies {
  const frames = new Map<number, Frame>();
  const signatures = new Map<number, string>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    frames.set(node.id, frameOf(node.callFrame));
    signatures.set(node.id, `${node.callFrame.functionName} ${node.callFrame.url}`);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const stackOf = function* (id: number | undefined) {
    for (; id !== undefined; id = parent.get(id)) yield id;
  };

  const t: Tallies = { total: 0, idle: 0, selfByFunction: new Map(), selfByArea: new Map(), inclusiveByArea: new Map(), inclusiveByFunction: new Map() };
  const { samples, timeDeltas } = profile;
  let first = 0;
  if (since) {
    while (first < samples.length && ![...stackOf(samples[first])].some((id) => since.test(signatures.get(id)!))) first++;
  }
  for (let i = first; i < samples.length; i++) {
    // A sample stands for the time until the next one (as Chrome's DevTools count it).
    const us = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    if (us <= 0) continue;
    t.total += us;
    const leaf = frames.get(samples[i])!;
    if (leaf.fn === IDLE) {
      t.idle += us;
      continue;
    }
    add(t.selfByFunction, keyOf(leaf), us);
    add(t.selfByArea, leaf.area, us);
    // A recursive stack counts once per sample.
    const seen = new Set<string>();
    for (const id of stackOf(samples[i])) {
      const frame = frames.get(id)!;
      if (frame.area !== '(root)' && !seen.has(frame.area)) {
        seen.add(frame.area);
        add(t.inclusiveByArea, frame.area, us);
      }
      // Node core frames are on every stack; the layers above them are what this table is for.
      const key = keyOf(frame);
      if (frame.location && !frame.area.startsWith('node:') && !seen.has(key)) {
        seen.add(key);
        add(t.inclusiveByFunction, key, us);
      }
    }
  }
  return t;
}

function render(t: Tallies, { top = 25, since, requests }: SummaryOptions): string {
  const busy = t.total - t.idle;
  const pct = (us: number) => (busy ? ((us / busy) * 100).toFixed(1) : '0.0');
  const msOf = (us: number) => (us / 1_000).toFixed(0);
  const perRequest = (us: number) => (requests ? ` ${(us / requests).toFixed(1)} |` : '');
  const perRequestHeader = requests ? ' µs/req |' : '';
  const perRequestRule = requests ? '---:|' : '';
  const sorted = (tally: Tally) => [...tally].sort((a, b) => b[1] - a[1]);
  const functionTable = (title: string, tally: Tally) => [
    '',
    `| ${title} | Location | ms | % |${perRequestHeader}`,
    `|---|---|---:|---:|${perRequestRule}`,
    ...sorted(tally)
      .slice(0, top)
      .map(([key, us]) => {
        const [fn, location] = key.split(KEY_SEPARATOR);
        return `| ${fn} | ${location} | ${msOf(us)} | ${pct(us)} |${perRequest(us)}`;
      }),
  ];

  const window = since ? `Counted from the first sample matching ${since}: s` : 'S';
  const perRequestTotal = requests ? `, ${requests.toLocaleString('en-US')} requests, ${(busy / requests).toFixed(1)} µs busy per request` : '';
  return [
    `${window}ampled ${(t.total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${t.total ? ((busy / t.total) * 100).toFixed(0) : 0}%)${perRequestTotal}; ` +
      'percentages are of busy time; (native) is time inside C++ bindings and the system calls they make.',
    '',
    `| Area | self ms | self % |${perRequestHeader} inclusive % |`,
    `|---|---:|---:|${perRequestRule}---:|`,
    ...sorted(t.selfByArea).map(([area, us]) => `| ${area} | ${msOf(us)} | ${pct(us)} |${perRequest(us)} ${pct(t.inclusiveByArea.get(area) ?? 0)} |`),
    ...functionTable(`Function, by self time (top ${top})`, t.selfByFunction),
    ...functionTable(`Function outside Node core, by inclusive time (top ${top})`, t.inclusiveByFunction),
  ].join('\n');
}

function keyOf(frame: Frame): string {
  return `${frame.fn}${KEY_SEPARATOR}${frame.location}`;
}

function frameOf(callFrame: CpuProfile['nodes'][number]['callFrame']): Frame {
  const fn = callFrame.functionName || '(anonymous)';
  const url = callFrame.url.replace(/^file:\/\//, '');
  if (!url) return { fn, location: '', area: fn.startsWith('(') ? fn : '(native)' };
  return { fn, location: `${shortPath(url)}:${callFrame.lineNumber + 1}`, area: areaOf(url) };
}

function areaOf(url: string): string {
  if (url.startsWith('node:')) return `node:${url.slice(5).replace(/^internal\//, '').split('/')[0].replace(/\.js$/, '')}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith(REPO_ROOT)) return `portico ${url.slice(REPO_ROOT.length + 1).replace(/^dist\//, '').split('/').slice(0, 2).join('/')}`;
  return url;
}

function shortPath(url: string): string {
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  return url.startsWith(REPO_ROOT) ? url.slice(REPO_ROOT.length + 1) : url;
}

function add(tally: Tally, key: string, us: number): void {
  tally.set(key, (tally.get(key) ?? 0) + us);
}

/** The newest .cpuprofile in dir, i.e. the one the gateway wrote when it exited. */
export function newestProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

const CLI_USAGE = 'usage: node dist/bench/cpu-profile-summary.js <file.cpuprofile|directory> [--top=N] [--since=REGEX] [--requests=N]';

if (require.main === module) {
  const args = process.argv.slice(2);
  const target = args.find((a) => !a.startsWith('--'));
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (!target) {
    console.error(CLI_USAGE);
    process.exit(2);
  }
  const file = statSync(target).isDirectory() ? newestProfile(target) : target;
  if (!file) {
    console.error(`no .cpuprofile in ${target}`);
    process.exit(1);
  }
  const since = flag('since');
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, {
    top: Number(flag('top')) || undefined,
    since: since ? new RegExp(since) : undefined,
    requests: Number(flag('requests')) || undefined,
  });
  console.log(`${file}\n\n${summary}`);
}
