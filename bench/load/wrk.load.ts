import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcesses } from '../child-processes';
import { findOnPath, LOAD_CPU } from '../cpu-pinning';
import { assertLoopback, LoadGenerator, LoadRequest, LoadResult, LoadSettings } from './load-generator';
import type { RotatingHeader } from './rotating-header';

const RESULT_LINE = /^BENCH_RESULT (\{.*\})$/m;

/** wrk on one thread, pinned with the upstream; a generated Lua script sets method, headers and body and prints the numbers as JSON. */
export class WrkLoadGenerator implements LoadGenerator {
  private readonly scriptDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  private scripts = 0;
  /** Each rotating header's values, written once to a file the Lua script reads (one value a line). */
  private readonly valueFiles = new WeakMap<RotatingHeader, string>();

  private constructor(
    private readonly wrk: string,
    private readonly children: ChildProcesses,
    readonly description: string,
  ) {}

  static create(children: ChildProcesses): WrkLoadGenerator | null {
    const wrk = findOnPath('wrk');
    return wrk ? new WrkLoadGenerator(wrk, children, `wrk ${wrkVersion(wrk)}, 1 thread`) : null;
  }

  async run(request: LoadRequest, settings: LoadSettings): Promise<LoadResult> {
    assertLoopback(request.url);
    const script = join(this.scriptDir, `request-${++this.scripts}.lua`);
    const rotation = request.rotating ? { file: this.valuesFile(request.rotating), start: request.rotating.position } : undefined;
    writeFileSync(script, wrkScript(request, rotation));
    const args = ['-t1', `-c${settings.connections}`, `-d${settings.durationS}s`, '--timeout', '5s', '-s', script, request.url];
    const child = this.children.spawn('wrk', this.wrk, args, { cpu: LOAD_CPU });
    const code = await child.waitForExit((settings.durationS + 30) * 1_000);
    const line = RESULT_LINE.exec(child.output);
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${child.output}`);
    const result = parseWrkResult(line[1]);
    // Requests still in flight when wrk stopped were sent too (at most one per connection).
    request.rotating?.advance(result.requests + result.errors + settings.connections);
    return result;
  }

  private valuesFile(rotating: RotatingHeader): string {
    let file = this.valueFiles.get(rotating);
    if (!file) {
      file = join(this.scriptDir, `values-${++this.scripts}.txt`);
      for (const value of rotating.values) luaString(value);
      writeFileSync(file, rotating.values.join('\n') + '\n');
      this.valueFiles.set(rotating, file);
    }
    return file;
  }

  close(): void {
    rmSync(this.scriptDir, { recursive: true, force: true });
  }
}

export function parseWrkResult(json: string): LoadResult {
  const r = JSON.parse(json) as Record<string, number>;
  return {
    requests: r.requests,
    durationS: r.duration_us / 1e6,
    p50Us: r.p50_us,
    p99Us: r.p99_us,
    non2xx: r.status,
    errors: r.connect + r.read + r.write + r.timeout,
  };
}

/** A rotating header's values file and the (0-based) index this run starts at. */
export interface WrkRotation {
  file: string;
  start: number;
}

export function wrkScript(request: LoadRequest, rotation?: WrkRotation): string {
  const lines = [`wrk.method = ${luaString(request.method)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  if (request.body !== undefined) lines.push(`wrk.body = ${luaString(request.body)}`);
  if (request.rotating && rotation) {
    // With a request() function wrk builds every request anew (instead of one prepared buffer), so
    // only scenarios that need it pay for it.
    lines.push(
      'local values = {}',
      `for line in io.lines(${luaString(rotation.file)}) do values[#values + 1] = line end`,
      `local at = ${rotation.start}`,
      'request = function()',
      '  at = at % #values + 1',
      `  wrk.headers[${luaString(request.rotating.name)}] = values[at]`,
      '  return wrk.format()',
      'end',
    );
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format('BENCH_RESULT {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%.0f,"p99_us":%.0f}\\n',`,
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))',
    'end',
  );
  return lines.join('\n') + '\n';
}

/** Header values and bodies the bench sends are printable ASCII; anything else is a bug, not something to escape. */
function luaString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error('wrk script: only printable ASCII header values and bodies are supported');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function wrkVersion(wrk: string): string {
  let banner: string;
  try {
    banner = execFileSync(wrk, ['-v'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // wrk -v prints its banner and exits 1
    banner = String((err as { stdout?: string }).stdout ?? '');
  }
  return /^wrk (\S+)/.exec(banner)?.[1] ?? 'unknown version';
}
