import type { Measurement } from './measurement';
import { median } from './report';
import type { RequestKind } from './request-kinds';

/** Two scenarios measured in pairs (the same `rep` is one pair), and the least their throughput ratio may be. */
export interface PairedComparison {
  label: string;
  numerator: string;
  denominator: string;
  target?: number;
}

// Three decimals: the 5 % budget sits at 0.95, and 0.949 must not print as 0.95.
const ratio = (n: number) => `${n.toFixed(3)}×`;

/**
 * One ratio per pair, then their median: each pair's two gateways were measured moments apart, so a
 * ratio within a pair is free of the drift between pairs that a ratio of medians would carry.
 */
export function pairedRatiosTable(measurements: readonly Measurement[], comparisons: readonly PairedComparison[], kinds: readonly RequestKind[]): string[] {
  const find = (scenario: string, kind: string, rep: number) => measurements.find((m) => m.scenario === scenario && m.kind === kind && m.rep === rep);
  const rows: string[] = [];
  for (const comparison of comparisons) {
    const cells = kinds.map((kind) => {
      const pairs = measurements
        .filter((m) => m.scenario === comparison.numerator && m.kind === kind.id)
        .flatMap((mine) => {
          const theirs = find(comparison.denominator, kind.id, mine.rep);
          if (!theirs) return [];
          const cpu = mine.cpuUsPerRequest !== null && theirs.cpuUsPerRequest ? mine.cpuUsPerRequest / theirs.cpuUsPerRequest : null;
          return [{ throughput: mine.rps / theirs.rps, cpu }];
        });
      return pairs.length ? pairs : null;
    });
    const measured = cells.filter((c): c is NonNullable<typeof c> => c !== null);
    if (!measured.length) continue;
    const shown = cells.map((pairs) => {
      if (!pairs) return 'n/a';
      const throughput = pairs.map((p) => p.throughput);
      const cpu = pairs.map((p) => p.cpu).filter((v): v is number => v !== null);
      return `${ratio(median(throughput))} (${ratio(Math.min(...throughput))}–${ratio(Math.max(...throughput))}; CPU ${cpu.length ? ratio(median(cpu)) : 'n/a'})`;
    });
    const met = measured.every((pairs) => median(pairs.map((p) => p.throughput)) >= comparison.target!);
    const target = comparison.target === undefined ? '' : `≥ ${comparison.target}× — ${met ? 'met' : '**missed**'}`;
    rows.push(`| ${comparison.label} | ${measured[0].length} | ${shown.join(' | ')} | ${target} |`);
  }
  if (!rows.length) return [];
  return [
    '### Paired ratios',
    '',
    'Throughput ratio within each pair, median over the pairs (min–max across them; in brackets the median ratio of gateway CPU per request).',
    '',
    `| Ratio | Pairs | ${kinds.map((k) => k.label).join(' | ')} | Target |`,
    `|---|---:|${kinds.map(() => '---:|').join('')}---|`,
    ...rows,
    '',
  ];
}
