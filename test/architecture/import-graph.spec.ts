import { resolve } from 'node:path';
import {
  cyclicComponents,
  cycleIn,
  dependencyOrder,
  describeFileCycles,
  describeFolderCycles,
  fileGraph,
  folderGraph,
  folderOf,
  Graph,
  specifiersOf,
  TOP,
} from './import-graph';

const ROOT = resolve(__dirname, '../..');
const graphOf = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges).map(([node, targets]) => [node, new Set(targets)]));

describe('the import graph of src/', () => {
  const files = fileGraph(ROOT);

  it('reads every file of src/ and ormconfig.ts', () => {
    expect(files.size).toBeGreaterThan(100);
    expect(files.has('ormconfig.ts')).toBe(true);
    expect(files.has('src/listeners.ts')).toBe(true);
  });

  it('has one-way dependencies between the folders of src/', () => {
    const cycles = describeFolderCycles(files);
    expect(cycles.join('\n\n')).toBe('');
  });

  it('has no cycle between files either', () => {
    expect(describeFileCycles(files).join('\n')).toBe('');
  });

  it('keeps the composition root on top: no folder imports the files directly under src/', () => {
    const importers = [...folderGraph(files)].filter(([folder, targets]) => folder !== TOP && targets.has(TOP)).map(([folder]) => folder);
    expect(importers).toEqual([]);
  });
});

describe('import-graph (the finder itself)', () => {
  it('sees every kind of import: type-only, re-exports, dynamic import() and require()', () => {
    const text = [
      "import type { A } from './a';",
      "import { B } from '../b';",
      "export { C } from './c';",
      "export * from './d';",
      "const e = await import('./e');",
      "const f = require('./f');",
      "import g = require('./g');",
      "import 'reflect-metadata';",
    ].join('\n');
    expect(specifiersOf('x.ts', text).sort()).toEqual(['../b', './a', './c', './d', './e', './f', './g', 'reflect-metadata']);
  });

  it('names a file’s folder by its first segment under src/, and the top layer otherwise', () => {
    expect(folderOf('src/proxy/pipeline/match-route.guard.ts')).toBe('proxy');
    expect(folderOf('src/listeners.ts')).toBe(TOP);
    expect(folderOf('ormconfig.ts')).toBe(TOP);
  });

  it('finds a cycle and the path around it, and nothing in an acyclic graph', () => {
    const cyclic = graphOf({ a: ['b'], b: ['c'], c: ['a', 'd'], d: [] });
    expect(cyclicComponents(cyclic)).toEqual([['a', 'b', 'c']]);
    expect(cycleIn(cyclic, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a']);
    expect(cyclicComponents(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
    expect(dependencyOrder(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual(['c', 'b', 'a']);
  });

  it('reports a folder cycle with the file imports that make it', () => {
    const files = graphOf({
      'src/x/one.ts': ['src/y/two.ts'],
      'src/y/two.ts': [],
      'src/y/three.ts': ['src/x/four.ts'],
      'src/x/four.ts': [],
    });
    expect(cyclicComponents(files)).toEqual([]);
    const [report] = describeFolderCycles(files);
    expect(report).toContain('folders in one cycle: x, y');
    expect(report).toContain('src/x/one.ts → src/y/two.ts');
    expect(report).toContain('src/y/three.ts → src/x/four.ts');
  });

  it('reports a file cycle', () => {
    const [report] = describeFileCycles(graphOf({ 'src/x/a.ts': ['src/x/b.ts'], 'src/x/b.ts': ['src/x/a.ts'] }));
    expect(report).toContain('src/x/a.ts → src/x/b.ts → src/x/a.ts');
  });
});
