import type { DynamicModule, Type } from '@nestjs/common';
import { ApplicationsAdminModule } from './applications-admin.module';

/** Feature modules (e.g. developers and applications) that add Admin API controllers. */
export const ADMIN_FEATURES: (Type | DynamicModule)[] = [ApplicationsAdminModule];
