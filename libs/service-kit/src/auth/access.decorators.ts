import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../api-docs/error-response';
import type { Role } from './api-keys';

export const ROLES_METADATA = 'referral-ledger:roles';
export const PUBLIC_METADATA = 'referral-ledger:public';
/** The OpenAPI security scheme of API keys; its requirement lists the roles a route accepts (OpenAPI 3.1). */
export const API_KEY_SCHEME = 'api-key';

/** The roles allowed on a route or controller. Every route needs either this or `@Public()`. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiSecurity(API_KEY_SCHEME, roles),
    ApiUnauthorizedResponse({ type: ErrorResponse, description: 'no or unknown API key' }),
    ApiForbiddenResponse({ type: ErrorResponse, description: `the key's role is not one of: ${roles.join(', ')}` }),
  );

/** A route open to anyone (redirects, QR codes, health). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
