import { mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Initial size of the reusable byte buffer: a batch of ordinary access-log lines fits several times. */
const INITIAL_BYTES = 64 * 1024;
const RETRY_AFTER_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes text to a file or a descriptor synchronously and completely, through one reusable byte
 * buffer (no Buffer per write, no stream machinery per write).
 *
 * When stdout is a pipe, Node makes it non-blocking, and a pipe whose reader has fallen behind answers
 * EAGAIN or takes part of a write. The rest is retried after a millisecond, blocking the thread
 * meanwhile: a line is never lost, cut, or interleaved with another writer's (nothing else runs in
 * between), and the proxy resumes within a millisecond of the reader catching up. sonic-boom, used
 * before, slept 100 ms on every EAGAIN, so a briefly slow reader froze the proxy in 100 ms steps.
 */
export class SyncWriter {
  private bytes = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  /** How many times a write waited for a reader to catch up. */
  waits = 0;

  constructor(private readonly fd: number) {}

  /** Appends to the file, creating it and its directory when missing. */
  static append(path: string): SyncWriter {
    mkdirSync(dirname(path), { recursive: true });
    return new SyncWriter(openSync(path, 'a'));
  }

  /** Throws what the system refuses other than EAGAIN (EPIPE, ENOSPC…), with nothing of `text` written after it. */
  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (4 for a surrogate pair, which is 2 units).
    if (text.length * 3 > this.bytes.length) this.bytes = Buffer.allocUnsafeSlow(text.length * 3);
    const length = this.bytes.write(text, 0, 'utf8');
    for (let offset = 0; offset < length; ) {
      try {
        offset += writeSync(this.fd, this.bytes, offset, length - offset);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        this.waits++;
        Atomics.wait(sleeper, 0, 0, RETRY_AFTER_MS);
      }
    }
  }
}
