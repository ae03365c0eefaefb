export const PORTICO_CONFIG = Symbol('PORTICO_CONFIG');
