import { Body, Controller, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { IsEmail, IsString, Length } from 'class-validator';
import { Roles } from '@referral-ledger/service-kit';
import { ReferrerEnrolment, type ShareKit } from './referrer-enrolment';

class EnrolReferrerRequest {
  @IsString() @Length(1, 200) customerId!: string;
  @IsEmail() email!: string;
}

class VanityCodeRequest {
  @IsString() code!: string;
}

@Roles('admin', 'integration')
@Controller('v1/programs/:programId/referrers')
export class ReferrersController {
  constructor(private readonly enrolment: ReferrerEnrolment) {}

  /** Idempotent: enrolling a referrer again returns the same code. */
  @Post()
  enrol(@Param('programId', ParseUUIDPipe) programId: string, @Body() body: EnrolReferrerRequest, @Req() request: Request): Promise<ShareKit> {
    return this.enrolment.enrol(programId, body.customerId, body.email, String(request.id ?? randomUUID()));
  }

  @Post(':customerId/codes')
  addCode(@Param('programId', ParseUUIDPipe) programId: string, @Param('customerId') customerId: string, @Body() body: VanityCodeRequest, @Req() request: Request): Promise<ShareKit> {
    return this.enrolment.addVanityCode(programId, customerId, body.code, String(request.id ?? randomUUID()));
  }
}
