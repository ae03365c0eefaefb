import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/** A directed graph: node → the nodes it imports. */
export type Graph = Map<string, Set<string>>;

/** The layer files directly under src/ (and ormconfig.ts) belong to: the composition root. */
export const TOP = '(top)';

/**
 * Every module specifier a file names: `import`, `import type`, `export … from`, `import x = require()`,
 * dynamic `import()` and `require()`. Type-only imports count: they tie the folders' designs together too.
 */
export function specifiersOf(fileName: string, text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((file) => file.fileName);
}

/** The repository-relative file a relative specifier names, or undefined for packages and non-TypeScript files. */
export function resolveRelative(root: string, fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(root, dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && existsSync(candidate) && statSync(candidate).isFile()) return toPosix(relative(root, candidate));
  }
  return undefined;
}

/** The folder of src/ a file belongs to: its first path segment, or TOP for src/*.ts and ormconfig.ts. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts.length <= 2) return TOP;
  return parts[1];
}

export function sourceFiles(root: string): string[] {
  const files = walk(join(root, 'src')).filter((file) => file.endsWith('.ts'));
  if (existsSync(join(root, 'ormconfig.ts'))) files.push(join(root, 'ormconfig.ts'));
  return files.map((file) => toPosix(relative(root, file))).sort();
}

/** The file-level import graph of src/ and ormconfig.ts (relative imports only). */
export function fileGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(root)) {
    const targets = new Set<string>();
    for (const specifier of specifiersOf(file, readFileSync(join(root, file), 'utf8'))) {
      const target = resolveRelative(root, file, specifier);
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Folders as nodes; an edge wherever a file of one imports a file of another. */
export function folderGraph(files: Graph): Graph {
  const graph: Graph = new Map();
  for (const [file, targets] of files) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target));
  }
  return graph;
}

/** Strongly connected components with more than one node (Tarjan); each is at least one cycle. */
export function cyclicComponents(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** One shortest cycle through the first node of a component, as a node path that ends where it starts. */
export function cycleIn(graph: Graph, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start];
}

/** The file-level imports behind one folder-level edge, for the failure message. */
export function edgesBetween(files: Graph, fromFolder: string, toFolder: string): string[] {
  const edges: string[] = [];
  for (const [file, targets] of files) {
    if (folderOf(file) !== fromFolder) continue;
    for (const target of targets) if (folderOf(target) === toFolder) edges.push(`${file} → ${target}`);
  }
  return edges.sort();
}

/** A readable account of every folder cycle: the components, one cycle each, and the imports that make it. */
export function describeFolderCycles(files: Graph): string[] {
  const folders = folderGraph(files);
  return cyclicComponents(folders).map((component) => {
    const lines = [`folders in one cycle: ${component.join(', ')}`, `  e.g. ${cycleIn(folders, component).join(' → ')}`];
    // Every import inside the component: cutting any one of these folder edges may be the fix.
    for (const from of component) {
      for (const to of [...folders.get(from)!].filter((folder) => component.includes(folder)).sort()) {
        lines.push(`  ${from} → ${to}:`);
        for (const edge of edgesBetween(files, from, to)) lines.push(`    ${edge}`);
      }
    }
    return lines.join('\n');
  });
}

export function describeFileCycles(files: Graph): string[] {
  return cyclicComponents(files).map((component) => `files in one cycle: ${component.join(', ')}\n  e.g. ${cycleIn(files, component).join(' → ')}`);
}

/** Folders ordered so that each comes after every folder it imports (meaningful once there is no cycle). */
export function dependencyOrder(graph: Graph): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (node: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const target of [...(graph.get(node) ?? [])].sort()) visit(target);
    order.push(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return order;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
