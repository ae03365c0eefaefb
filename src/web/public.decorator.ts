import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'portico:public';
/** Marks public operations in the OpenAPI document; configurePortalApp turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-portico-public';

/**
 * The one way out of the portal's deny-by-default session guard. The same decorator writes the
 * operation's OpenAPI security, so the docs cannot claim a route is protected when it is not.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
