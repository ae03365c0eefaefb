import type { RotatingHeader } from './rotating-header';
import { assertLoopback, LoadGenerator, LoadRequest, LoadResult, LoadSettings } from './load-generator';

interface AutocannonResult {
  duration: number;
  errors: number;
  non2xx: number;
  requests: { total: number };
  latency: { p50: number; p99: number };
}

type Autocannon = (options: Record<string, unknown>) => PromiseLike<AutocannonResult> & { stop?: () => void };

/**
 * The fallback when wrk is not installed: autocannon in this process (which runs on the load CPU).
 * Its latency histogram has millisecond resolution, so p50 on a fast target reads as 0 or 1 ms.
 */
export class AutocannonLoadGenerator implements LoadGenerator {
  private constructor(
    private readonly autocannon: Autocannon,
    readonly description: string,
  ) {}

  static create(): AutocannonLoadGenerator {
    const autocannon = require('autocannon') as Autocannon;
    const { version } = require('autocannon/package.json') as { version: string };
    return new AutocannonLoadGenerator(autocannon, `autocannon ${version} (in process)`);
  }

  async run(request: LoadRequest, settings: LoadSettings): Promise<LoadResult> {
    assertLoopback(request.url);
    const run = this.autocannon({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body,
      ...(request.rotating ? { requests: [{ setupRequest: rotate(request.rotating) }] } : {}),
      connections: settings.connections,
      duration: settings.durationS,
      timeout: 5,
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        run.stop?.();
        reject(new Error('autocannon did not finish in time'));
      }, (settings.durationS + 30) * 1_000);
    });
    try {
      const r = await Promise.race([run, timedOut]);
      return {
        requests: r.requests.total,
        durationS: r.duration,
        p50Us: r.latency.p50 * 1_000,
        p99Us: r.latency.p99 * 1_000,
        non2xx: r.non2xx,
        // autocannon counts timeouts among its errors already
        errors: r.errors,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {}
}

/** autocannon's per-request hook: the same request with the rotating header's next value. */
function rotate(rotating: RotatingHeader) {
  return (req: { headers?: Record<string, string> }) => ({ ...req, headers: { ...req.headers, [rotating.name]: rotating.next() } });
}
