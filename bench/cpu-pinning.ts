import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { cpus } from 'node:os';
import { delimiter, join } from 'node:path';

/** The gateway under test gets CPU 0 to itself; load generator, upstream, IdP and this script share CPU 1. */
export const GATEWAY_CPU = 0;
export const LOAD_CPU = 1;

export function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

const taskset = findOnPath('taskset');

/** Pinning needs taskset and a second core for the load; without either, processes float. */
export function pinningAvailable(): boolean {
  return taskset !== null && cpus().length >= 2;
}

/** The command line that runs `command` on `cpu` only (taskset execs it, so the pid stays the same). */
export function cpuPinned(cpu: number, command: string, args: string[]): [string, string[]] {
  if (!pinningAvailable()) return [command, args];
  return [taskset!, ['-c', String(cpu), command, ...args]];
}

/** Moves this process and all its threads (libuv pool, GC) onto `cpu`, away from the gateway's core. */
export function pinSelf(cpu: number): boolean {
  if (!pinningAvailable()) return false;
  execFileSync(taskset!, ['-a', '-c', '-p', String(cpu), String(process.pid)], { stdio: 'ignore', timeout: 5_000 });
  return true;
}
