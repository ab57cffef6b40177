import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, Length } from 'class-validator';
import { CorrelationId, Roles } from '@referral-ledger/service-kit';
import { ReferrerEnrolment, type ShareKit } from './referrer-enrolment';

class EnrolReferrerRequest {
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @Length(1, 200) customerId!: string;
  @ApiProperty({ format: 'email' }) @IsEmail() email!: string;
}

class VanityCodeRequest {
  @ApiProperty({ description: 'letters and digits, unique across all programs', example: 'ADA2026' }) @IsString() code!: string;
}

class ShareKitResponse implements ShareKit {
  @ApiProperty({ example: 'K7PX9MQ' }) code!: string;
  @ApiProperty({ format: 'uri', description: 'the share link: GET /r/{code}' }) link!: string;
  @ApiProperty({ format: 'uri' }) qrUrl!: string;
  @ApiProperty({ description: 'for the referrer routes (/v1/me/...)' }) referrerToken!: string;
}

@ApiTags('referrers')
@Roles('admin', 'integration')
@Controller('v1/programs/:programId/referrers')
export class ReferrersController {
  constructor(private readonly enrolment: ReferrerEnrolment) {}

  /** Idempotent: enrolling a referrer again returns the same code. */
  @Post()
  @ApiOperation({ summary: 'Enrol a referrer: their code, share link, QR code and referrer token' })
  @ApiResponse({ status: 201, type: ShareKitResponse })
  enrol(@Param('programId', ParseUUIDPipe) programId: string, @Body() body: EnrolReferrerRequest, @CorrelationId() correlationId: string): Promise<ShareKit> {
    return this.enrolment.enrol(programId, body.customerId, body.email, correlationId);
  }

  @Post(':customerId/codes')
  @ApiOperation({ summary: 'Give a referrer a vanity code' })
  @ApiResponse({ status: 201, type: ShareKitResponse })
  addCode(
    @Param('programId', ParseUUIDPipe) programId: string,
    @Param('customerId') customerId: string,
    @Body() body: VanityCodeRequest,
    @CorrelationId() correlationId: string,
  ): Promise<ShareKit> {
    return this.enrolment.addVanityCode(programId, customerId, body.code, correlationId);
  }
}
