/**
 * Polls until `probe` returns `expected`, for changes that reach another node asynchronously. The
 * deadline is generous (a shared, slow machine); the bench measures how fast it really is.
 */
export async function eventually<T>(probe: () => Promise<T>, expected: T, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last === expected) return;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(last)} after ${timeoutMs} ms, expected ${JSON.stringify(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
