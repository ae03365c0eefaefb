import { GatewayCore1764140000000 } from './1764140000000-gateway-core';
import { Applications1764160000000 } from './1764160000000-applications';
import { Audit1764180000000 } from './1764180000000-audit';

/** Every migration, oldest first. */
export const MIGRATIONS: Function[] = [GatewayCore1764140000000, Applications1764160000000, Audit1764180000000];
