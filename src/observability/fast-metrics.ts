import type { Registry } from 'prom-client';

type Labels<L extends string> = Record<L, string>;

interface Collected {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { labels: Record<string, string | number>; value: number; metricName?: string }[];
}

/**
 * Counters and histograms for the proxied-request path. prom-client's own children validate and hash
 * their label set on every call; these hand out a child once (per route, say) that the hot path bumps
 * as a plain number, and prom-client's registry reads them only when scraped.
 */
abstract class FastMetric<L extends string, C> {
  readonly aggregator = 'sum' as const;
  protected readonly children = new Map<string, { labels: Labels<L>; child: C }>();

  constructor(
    readonly name: string,
    readonly help: string,
    protected readonly labelNames: readonly L[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  protected abstract make(): C;
  abstract get(): Promise<Collected>;

  /** The child for these label values, in labelNames order; keep it, it is the cheap handle. */
  child(...values: string[]): C {
    const key = values.join('\u0000');
    let entry = this.children.get(key);
    if (!entry) {
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, values[i]])) as Labels<L>;
      entry = { labels, child: this.make() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  /** Forgets every series (tests). */
  reset(): void {
    this.children.clear();
  }
}

export class FastCounterChild {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

export class FastCounter<L extends string> extends FastMetric<L, FastCounterChild> {
  readonly type = 'counter' as const;

  protected make(): FastCounterChild {
    return new FastCounterChild();
  }

  inc(labels: Labels<L>, by = 1): void {
    this.child(...this.labelNames.map((name) => labels[name])).inc(by);
  }

  async get(): Promise<Collected> {
    const values = [...this.children.values()].map(({ labels, child }) => ({ labels, value: child.value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

export class FastHistogramChild {
  /** Per bucket, not cumulative; the last one is +Inf. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

export class FastHistogram<L extends string> extends FastMetric<L, FastHistogramChild> {
  readonly type = 'histogram' as const;

  constructor(name: string, help: string, labelNames: readonly L[], private readonly bounds: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
  }

  protected make(): FastHistogramChild {
    return new FastHistogramChild(this.bounds);
  }

  observe(labels: Labels<L>, value: number): void {
    this.child(...this.labelNames.map((name) => labels[name])).observe(value);
  }

  async get(): Promise<Collected> {
    const values: Collected['values'] = [];
    for (const { labels, child } of this.children.values()) {
      let cumulative = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        cumulative += child.counts[i];
        values.push({ labels: { le: i < this.bounds.length ? this.bounds[i] : '+Inf', ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels, value: child.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: child.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
