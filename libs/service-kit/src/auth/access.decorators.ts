import { SetMetadata } from '@nestjs/common';
import type { Role } from './api-keys';

export const ROLES_METADATA = 'referral-ledger:roles';
export const PUBLIC_METADATA = 'referral-ledger:public';

/** The roles allowed on a route or controller. Every route needs either this or `@Public()`. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_METADATA, roles);

/** A route open to anyone (redirects, QR codes, health). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
