/**
 * Decodes `application/x-www-form-urlencoded` bodies the way Kong's Admin API does
 * (kong/api/arguments.lua): dots nest records, `[]` appends, `[n]` places by 1-based index,
 * a repeated key becomes an array. Values stay strings; coercion belongs to the validator,
 * which knows the field types.
 */

export class FormBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormBodyError';
  }
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
/** The same nesting limit as for JSON bodies (SPEC §5); decoding and finishing recurse. */
const MAX_KEY_STEPS = 64;

type Step = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'append' };

// Maps and dedicated list nodes while building, so that keys like `toString` never meet
// Object.prototype; plain objects only appear in the finished result.
type Node = string | RecordNode | ListNode;
class RecordNode {
  readonly fields = new Map<string, Node>();
}
class ListNode {
  readonly indexed = new Map<number, Node>();
  readonly appended: Node[] = [];
}

export function decodeKongForm(body: string): Record<string, unknown> {
  const root = new RecordNode();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    assign(root, parseKey(key), value, key);
  }
  return finishRecord(root);
}

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new FormBodyError(`malformed percent-encoding in form body: ${raw}`);
  }
}

function parseKey(key: string): Step[] {
  if (key === '') throw new FormBodyError('empty key in form body');
  // Counted before any regular expression runs: the segment pattern backtracks quadratically on long runs of `[]`.
  let separators = 0;
  for (const char of key) if (char === '.' || char === '[') separators++;
  if (separators >= MAX_KEY_STEPS) throw new FormBodyError(`form key nested too deeply (at most ${MAX_KEY_STEPS} levels)`);
  for (const token of key.split(/[.[\]]/)) {
    if (FORBIDDEN_SEGMENTS.has(token)) throw new FormBodyError(`forbidden key in form body: ${key}`);
  }
  const steps: Step[] = [];
  for (const segment of key.split('.')) {
    // Like Kong, only `[]` and `[digits]` are structural; any other bracket stays part of the name.
    const m = /^(.+?)((?:\[\d*\])*)$/.exec(segment);
    if (!m) throw new FormBodyError(`invalid key in form body: ${key}`);
    steps.push({ kind: 'key', name: m[1] });
    for (const [, digits] of m[2].matchAll(/\[(\d*)\]/g)) {
      steps.push(digits === '' ? { kind: 'append' } : { kind: 'index', index: Number(digits) });
    }
  }
  return steps;
}

function assign(root: RecordNode, steps: Step[], value: string, key: string): void {
  let parent: RecordNode | ListNode = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const last = i === steps.length - 1;
    const existing = lookup(parent, step);

    if (last) {
      if (existing === undefined) {
        store(parent, step, value);
      } else if (existing instanceof ListNode) {
        existing.appended.push(value);
      } else if (typeof existing === 'string' && step.kind === 'key') {
        const list = new ListNode();
        list.appended.push(existing, value);
        store(parent, step, list);
      } else {
        throw new FormBodyError(`conflicting values for key in form body: ${key}`);
      }
      return;
    }

    const wantList = steps[i + 1].kind !== 'key';
    if (typeof existing === 'string' && wantList) {
      // `paths=/a&paths[]=/b`: the plain value joins the list.
      const list = new ListNode();
      list.appended.push(existing);
      store(parent, step, list);
      parent = list;
    } else if (existing === undefined) {
      const child = wantList ? new ListNode() : new RecordNode();
      store(parent, step, child);
      parent = child;
    } else if (wantList ? existing instanceof ListNode : existing instanceof RecordNode) {
      parent = existing as RecordNode | ListNode;
    } else {
      throw new FormBodyError(`conflicting values for key in form body: ${key}`);
    }
  }
}

function lookup(parent: RecordNode | ListNode, step: Step): Node | undefined {
  if (parent instanceof RecordNode) {
    return step.kind === 'key' ? parent.fields.get(step.name) : undefined;
  }
  // Each `[]` is a fresh element, so there is never an existing node to reuse.
  return step.kind === 'index' ? parent.indexed.get(step.index) : undefined;
}

function store(parent: RecordNode | ListNode, step: Step, node: Node): void {
  if (parent instanceof RecordNode) {
    if (step.kind === 'key') parent.fields.set(step.name, node);
  } else if (step.kind === 'index') {
    parent.indexed.set(step.index, node);
  } else if (step.kind === 'append') {
    parent.appended.push(node);
  }
}

function finish(node: Node): unknown {
  if (typeof node === 'string') return node;
  if (node instanceof RecordNode) return finishRecord(node);
  const byIndex = [...node.indexed.entries()].sort(([a], [b]) => a - b).map(([, v]) => finish(v));
  return [...byIndex, ...node.appended.map(finish)];
}

function finishRecord(node: RecordNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of node.fields) out[k] = finish(v);
  return out;
}
