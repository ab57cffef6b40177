import { ApiProperty } from '@nestjs/swagger';
import type { Program, ProgramRules } from '@referral-ledger/rewards-domain';

/** What `GET /v1/programs/:id` shows: the program and the rules of its current version. */
export interface ProgramView {
  id: string;
  name: string;
  landingUrl: string;
  currency: string;
  status: 'active' | 'paused' | 'ended';
  version: number;
  rules: ProgramRules;
}

/** The same, as the OpenAPI document shows it. */
export class ProgramResponse implements ProgramView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uri' }) landingUrl!: string;
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ enum: ['active', 'paused', 'ended'] }) status!: ProgramView['status'];
  @ApiProperty({ minimum: 1 }) version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the rules, as PUT /v1/programs/{id}/rules takes them' }) rules!: ProgramRules;
}

export function toProgramView(program: Exclude<Program, { status: 'none' }>): ProgramView {
  const { programId, name, landingUrl, currency, status, version, versions } = program;
  return { id: programId, name, landingUrl, currency, status, version, rules: versions[version] };
}
