import 'reflect-metadata';

/** A Nest provider token: a class, a symbol or a string. */
export type Token = Function | symbol | string;

// The metadata keys @Module() writes (MODULE_METADATA in @nestjs/common/constants), spelled out so
// unit tests can load this file: jest cannot load @nestjs/* (ESM).
const MODULE_KEYS = ['imports', 'providers', 'controllers', 'exports'];

function isModule(value: unknown): value is Function {
  return typeof value === 'function' && Reflect.getMetadataKeys(value).some((key) => MODULE_KEYS.includes(key));
}

/**
 * The tokens a static module exports, following the modules it re-exports: its public surface. A
 * provider it keeps to itself is not listed, so a listener that imports the module cannot reach it.
 */
export function exportedTokens(module: Function, seen = new Set<Function>()): Token[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const exports: unknown[] = Reflect.getMetadata('exports', module) ?? [];
  return exports.flatMap((entry) => {
    if (isModule(entry)) return exportedTokens(entry, seen);
    if (entry && typeof entry === 'object' && 'provide' in entry) return [(entry as { provide: Token }).provide];
    return [entry as Token];
  });
}
