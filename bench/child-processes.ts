import { ChildProcess, spawn } from 'node:child_process';
import { cpuPinned } from './cpu-pinning';

const OUTPUT_TAIL_CHARS = 16 * 1024;

export interface SpawnOptions {
  /** Pin the process (and all its threads) to this CPU when pinning is available. */
  cpu?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * Keep stdin as a pipe the child can watch: when the bench dies, however it dies, the pipe closes and
   * a child that exits on stdin's end (our own servers do) cannot outlive it.
   */
  stdinLifeline?: boolean;
}

/** One child process of the bench, with its recent output kept for error messages. */
export class ManagedChild {
  private tail = '';
  private readonly exited: Promise<void>;
  private waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const collect = (chunk: Buffer) => {
      this.tail = (this.tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
      for (const waiter of this.waiters) waiter();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', () => {
      for (const waiter of this.waiters) waiter();
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last few KiB the child printed, stdout and stderr interleaved. */
  get output(): string {
    return this.tail;
  }

  /** Resolves with the first match of pattern in the output; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const finish = (err: Error | null, match?: RegExpExecArray) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (err) reject(err);
        else resolve(match!);
      };
      const check = () => {
        const match = pattern.exec(this.tail);
        if (match) return finish(null, match);
        if (!this.running) finish(new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${pattern}:\n${this.tail}`));
      };
      const timer = setTimeout(() => finish(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.tail}`)), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves with the exit code (or null after a signal); rejects after timeoutMs, having killed the child. */
  async waitForExit(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill('SIGKILL');
        reject(new Error(`${this.name} did not finish within ${timeoutMs} ms; killed`));
      }, timeoutMs);
    });
    try {
      await Promise.race([this.exited, timedOut]);
      return this.child.exitCode;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after graceMs. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.kill('SIGTERM');
    const forced = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(forced);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }
}

/** Every process the bench started, so each one is stopped on success, error, timeout and Ctrl-C. */
export class ChildProcesses {
  private readonly children = new Set<ManagedChild>();

  spawn(name: string, command: string, args: string[], options: SpawnOptions = {}): ManagedChild {
    const [file, argv] = options.cpu === undefined ? [command, args] : cpuPinned(options.cpu, command, args);
    const child = spawn(file, argv, {
      env: options.env ?? process.env,
      stdio: [options.stdinLifeline ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const managed = new ManagedChild(name, child);
    this.children.add(managed);
    child.once('exit', () => this.children.delete(managed));
    // A spawn failure (e.g. ENOENT) surfaces as an early exit in waitFor/waitForExit.
    child.once('error', () => undefined);
    return managed;
  }

  /** Graceful stop of everything still running, in reverse start order (load generators before servers). */
  async stopAll(graceMs = 5_000): Promise<void> {
    for (const child of [...this.children].reverse()) await child.stop(graceMs);
  }

  /** For process 'exit', where nothing asynchronous runs any more. */
  killAllNow(): void {
    for (const child of this.children) child.kill('SIGKILL');
  }
}
