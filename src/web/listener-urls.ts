import type { ListenerName } from '../config/portico-config';

/** The listeners' URLs as they were bound (port 0 resolved), filled in as each one starts. */
export type ListenerUrls = Partial<Record<ListenerName, string>>;
export const LISTENER_URLS = Symbol('portico.listener-urls');
