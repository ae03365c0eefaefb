import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 5_000 }).trim());
    if (Number.isInteger(value) && value > 0) return value;
  } catch {
    // getconf missing: fall through to Linux's almost universal value
  }
  return 100;
}

/** User + system CPU time of a process (all its threads), in clock ticks. */
export function processCpuTicks(pid: number): number {
  return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).ticks;
}

export interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** Fields 4 (ppid), 14 (utime) and 15 (stime) of proc(5); the command name (field 2) may contain spaces and ')'. */
export function parseStat(stat: string): ProcStat {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![ppid, utime, stime].every(Number.isFinite)) throw new Error(`unexpected /proc stat line: ${stat.slice(0, 200)}`);
  return { ppid, ticks: utime + stime };
}

/** CPU ticks of every process that is neither this bench nor one of its descendants (kernel threads left out), by pid. */
export function foreignProcessTicks(self = process.pid): Map<number, number> {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.set(Number(entry), parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // exited while we looked
    }
  }
  const isOurs = (pid: number) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.ppid ?? 0, hops++) if (p === self) return true;
    return false;
  };
  const foreign = new Map<number, number>();
  for (const [pid, stat] of stats) {
    const kernelThread = pid === 2 || stat.ppid === 2;
    if (!kernelThread && !isOurs(pid)) foreign.set(pid, stat.ticks);
  }
  return foreign;
}

/**
 * CPU the other processes used between two snapshots, in % of one core. A process that started in
 * between counts in full; one that ended in between is missed, so this is a lower bound.
 */
export function foreignLoadPct(before: Map<number, number>, after: Map<number, number>, elapsedS: number, clockTicks: number): number {
  let ticks = 0;
  for (const [pid, now] of after) ticks += Math.max(0, now - (before.get(pid) ?? 0));
  return elapsedS > 0 ? (ticks / (elapsedS * clockTicks)) * 100 : 0;
}

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  loadAverage: string;
}

export function describeMachine(): MachineDescription {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: `${type()} ${release()}`,
    loadAverage: loadAverage(),
  };
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

function cpuModel(): string {
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (model) return model[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}
