import type { DynamicModule, Type } from '@nestjs/common';
import { ApplicationsPortalModule } from './applications-portal.module';

/** Feature modules that add Portal API controllers (developers, applications). */
export const PORTAL_FEATURES: (Type | DynamicModule)[] = [ApplicationsPortalModule];
