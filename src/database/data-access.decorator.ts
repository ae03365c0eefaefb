/**
 * Marks a repository (or a class built only from repositories) for Nest's injector without importing
 * @nestjs: unit specs load these classes, and jest cannot load Nest's ESM. Any class decorator makes
 * TypeScript record the constructor's parameter types (`design:paramtypes`), which is all Nest reads
 * to inject them.
 */
export const DataAccess = (): ClassDecorator => () => undefined;
