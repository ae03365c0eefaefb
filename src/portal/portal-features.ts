import type { DynamicModule, Type } from '@nestjs/common';

/** Feature modules that add Portal API controllers (developers, applications). */
export const PORTAL_FEATURES: (Type | DynamicModule)[] = [];
