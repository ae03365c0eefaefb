import type { DynamicModule, Type } from '@nestjs/common';

/** Feature modules (e.g. developers and applications) that add Admin API controllers. */
export const ADMIN_FEATURES: (Type | DynamicModule)[] = [];
