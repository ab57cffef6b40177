import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import QRCode from 'qrcode';
import { Public } from '@referral-ledger/service-kit';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from '../attribution-options';
import { LinkTargets } from './link-targets';

/** A code's QR code, pointing at its share link (`GET /r/:code`, served by ShareLinks ahead of the framework). */
@ApiTags('share links')
@Public()
@Controller()
export class LinksController {
  constructor(
    @Inject(ATTRIBUTION_OPTIONS) private readonly options: AttributionOptions,
    private readonly targets: LinkTargets,
  ) {}

  @Get('v1/codes/:code/qr.svg')
  @Header('Content-Type', 'image/svg+xml')
  @ApiProduces('image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  async qr(@Param('code') code: string): Promise<string> {
    const owner = (await this.targets.resolve(code))?.owner;
    if (!owner) throw new NotFoundException(`Unknown code ${code}`);
    return QRCode.toString(`${this.options.publicBaseUrl.replace(/\/$/, '')}/r/${owner.code}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }
}
