import { Controller, Get, Header, Inject, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { streamName } from '@referral-ledger/contracts';
import type { EventStore } from '@referral-ledger/event-store';
import { CLOCK, EVENT_STORE, Public, type Clock } from '@referral-ledger/service-kit';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from '../attribution-options';
import { findProgram } from '../programs/program-lookup';
import { findCodeOwner } from '../referrers/code-claims';

/** A CDN's country header is untrusted input: an ISO 3166 alpha-2 code, or nothing. */
function countryOf(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && /^[A-Za-z]{2}$/.test(header) ? header.toUpperCase() : null;
}

const UNKNOWN_CODE_PAGE = '<!doctype html><title>Unknown referral code</title><h1>This referral link is not valid</h1><p>Check the link you were given, or ask the person who shared it for a new one.</p>';

/** The public side of a code: the share link that records a click, and its QR code. */
@Public()
@Controller()
export class LinksController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ATTRIBUTION_OPTIONS) private readonly options: AttributionOptions,
  ) {}

  /** 302 to the program's landing page with `ref` and `click_id`; the click is stored first. */
  @Get('r/:code')
  async follow(
    @Param('code') code: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const owner = await findCodeOwner(this.store, code);
    const program = owner && (await findProgram(this.store, owner.programId));
    if (!owner || !program) {
      response.status(404).type('html').send(UNKNOWN_CODE_PAGE);
      return;
    }
    const clickId = randomUUID();
    const now = this.clock();
    const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).slice(0, 200) : null);
    const utm = { source: text('utm_source'), medium: text('utm_medium'), campaign: text('utm_campaign') };
    await this.store.appendToStream(
      streamName('click', clickId),
      [
        {
          id: randomUUID(),
          type: 'link.clicked',
          data: {
            clickId,
            code: owner.code,
            programId: owner.programId,
            referrerId: owner.customerId,
            utm,
            channel: utm.medium ?? 'link',
            country: countryOf(request.headers['cf-ipcountry']),
            ipHash: request.ip ? this.options.blindIndex.of('ip', request.ip) : null,
            userAgentHash: request.headers['user-agent'] ? this.options.blindIndex.of('user-agent', request.headers['user-agent']) : null,
            clickedAt: now.toISOString(),
          },
          metadata: { correlationId: String(request.id ?? clickId), causationId: null, occurredAt: now.toISOString(), schemaVersion: 1, actor: 'public' },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    const landing = new URL(program.landingUrl);
    landing.searchParams.set('ref', owner.code);
    landing.searchParams.set('click_id', clickId);
    response.redirect(302, landing.toString());
  }

  @Get('v1/codes/:code/qr.svg')
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'public, max-age=86400')
  async qr(@Param('code') code: string): Promise<string> {
    const owner = await findCodeOwner(this.store, code);
    if (!owner) throw new NotFoundException(`Unknown code ${code}`);
    return QRCode.toString(`${this.options.publicBaseUrl.replace(/\/$/, '')}/r/${owner.code}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }
}
