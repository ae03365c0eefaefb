import type { RequestKind } from './request-kinds';
import type { PreparedTarget } from './scenarios/scenario';
import { UPSTREAM_BODY } from './servers/upstream-response';

const READY_TIMEOUT_MS = 15_000;
const RETRY_MS = 200;

/**
 * Before any load: every request kind must come back 200 with the upstream's body, so the bench never
 * measures how fast a gateway says 401 or 404. Retries briefly, since a new route and a first IdP
 * discovery take a moment to be ready.
 */
export async function checkTarget(target: PreparedTarget, kinds: readonly RequestKind[]): Promise<void> {
  for (const kind of kinds) {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const problem = await attempt(target, kind);
      if (!problem) break;
      if (Date.now() > deadline) throw new Error(`${kind.label} ${target.url} never answered as expected: ${problem}`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

async function attempt(target: PreparedTarget, kind: RequestKind): Promise<string | null> {
  try {
    const res = await fetch(target.url, {
      method: kind.method,
      headers: { ...kind.headers, ...target.headers },
      body: kind.body,
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (res.status !== 200 || text !== UPSTREAM_BODY) return `${res.status} ${text.slice(0, 300)}`;
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
