import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resetMetrics } from './metrics';

/** The shipped dashboard must only query metrics Portico serves, so a rename cannot leave it blank. */
describe('docs/grafana/portico.json', () => {
  it('uses only metrics the registry exposes', async () => {
    const dashboard = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'grafana', 'portico.json'), 'utf8'));
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) for (const name of target.expr.match(/portico_\w+/g) ?? []) queried.add(name);
    }
    const registry = resetMetrics();
    const served = (await registry.registry.getMetricsAsJSON()).flatMap((metric) =>
      String(metric.type) === 'histogram' ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`] : [metric.name],
    );
    expect(queried.size).toBeGreaterThan(10);
    expect([...queried].filter((name) => !served.includes(name))).toEqual([]);
  });
});
