/**
 * One header whose value changes on every request (a different bearer token each time, say). The
 * cursor survives from one load run to the next, so a run never starts on values the previous run
 * has just sent: with more values than the gateway's cache holds, every request is a cache miss.
 */
export class RotatingHeader {
  private cursor = 0;

  constructor(
    /** Lower-case header name. */
    readonly name: string,
    readonly values: readonly string[],
  ) {
    if (values.length === 0) throw new Error('a rotating header needs at least one value');
  }

  /** Where the next run starts (0-based). */
  get position(): number {
    return this.cursor;
  }

  /** The next value, for in-process load generators. */
  next(): string {
    const value = this.values[this.cursor];
    this.advance(1);
    return value;
  }

  /** After a run that sent `count` requests elsewhere (wrk): the next run starts after them. */
  advance(count: number): void {
    this.cursor = (this.cursor + count) % this.values.length;
  }
}
