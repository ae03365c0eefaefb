import 'reflect-metadata';
import { exportedTokens } from './module-exports';

/** What @Module() records, without loading Nest (ESM) in jest. */
function module(metadata: Record<string, unknown[]>): Function {
  const cls = class {};
  for (const [key, value] of Object.entries(metadata)) Reflect.defineMetadata(key, value, cls);
  return cls;
}

describe('exportedTokens', () => {
  class Repository {}
  class Directory {}
  class Internal {}
  const TOKEN = Symbol('TOKEN');

  it('lists the exports, not the providers a module keeps to itself', () => {
    const feature = module({ providers: [Repository, Directory, Internal], exports: [Repository, Directory] });
    expect(exportedTokens(feature)).toEqual([Repository, Directory]);
  });

  it('follows re-exported modules and names provider objects by their token', () => {
    const inner = module({ providers: [Repository], exports: [Repository] });
    const outer = module({ imports: [inner], providers: [{ provide: TOKEN, useValue: 1 }], exports: [inner, { provide: TOKEN }] });
    expect(exportedTokens(outer)).toEqual([Repository, TOKEN]);
  });

  it('stops at a module it has already seen', () => {
    const a = module({ exports: [Repository] });
    const b = module({ exports: [a, Directory] });
    Reflect.defineMetadata('exports', [b, Repository], a);
    expect(exportedTokens(a)).toEqual([Directory, Repository]);
  });

  it('lists nothing for a module without exports', () => {
    expect(exportedTokens(module({ providers: [Internal] }))).toEqual([]);
  });
});
