import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { clickStream, type LinkClicked } from '@referral-ledger/attribution-domain';
import type { EventStore, NewEvent } from '@referral-ledger/event-store';
import { isTransientError } from '@referral-ledger/resilience';
import { CLOCK, EVENT_STORE, errorBody, type Clock } from '@referral-ledger/service-kit';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from '../attribution-options';
import { FirstTouchCookie } from './first-touch-cookie';
import { LinkTargets } from './link-targets';

const SHARE_LINK = /^\/r\/([^/?#]{1,64})(?:\?(.*))?$/;
const UNKNOWN_CODE_PAGE =
  '<!doctype html><title>Unknown referral code</title><h1>This referral link is not valid</h1><p>Check the link you were given, or ask the person who shared it for a new one.</p>';

/** A CDN's country header is untrusted input: an ISO 3166 alpha-2 code, or nothing. */
function countryOf(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && /^[A-Za-z]{2}$/.test(header) ? header.toUpperCase() : null;
}

/** A broken %-escape is no code at all. */
function decodedOrEmpty(escaped: string): string {
  try {
    return decodeURIComponent(escaped);
  } catch {
    return '';
  }
}

/**
 * `GET /r/:code`: 302 to the program's landing page with `ref` and `click_id`, once the click is committed
 * (it joins the store's next group commit). Served ahead of the framework, straight from the HTTP server:
 * a share link is public, has no body, and is the one route hit at the rate of a marketing campaign, where the
 * framework's per-request work (logging, guards, interceptors) would cost more than the redirect itself.
 */
@Injectable()
export class ShareLinks {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ATTRIBUTION_OPTIONS) private readonly options: AttributionOptions,
    private readonly targets: LinkTargets,
  ) {}

  /** Puts share links in front of the server's other request listeners (the framework's). */
  serveAhead(server: Server): void {
    const others = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const link = request.method === 'GET' || request.method === 'HEAD' ? SHARE_LINK.exec(request.url ?? '') : null;
      if (link) void this.follow(request, response, link[1], new URLSearchParams(link[2] ?? ''));
      else for (const listener of others) listener.call(server, request, response);
    });
  }

  private async follow(request: IncomingMessage, response: ServerResponse, code: string, query: URLSearchParams): Promise<void> {
    try {
      const target = await this.targets.resolve(decodedOrEmpty(code));
      if (!target) {
        response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(UNKNOWN_CODE_PAGE);
        return;
      }
      const { owner, program } = target;
      const clickId = randomUUID();
      const firstTouch = new FirstTouchCookie(program.programId, program.versions[program.version].windowDays, this.options.publicBaseUrl);
      const firstClickId = firstTouch.read(request.headers.cookie);
      await this.recordClick(request, query, { clickId, firstClickId }, owner);
      const landing = new URL(program.landingUrl);
      landing.searchParams.set('ref', owner.code);
      landing.searchParams.set('click_id', clickId);
      response.writeHead(302, { Location: landing.toString(), ...(firstClickId ? {} : { 'Set-Cookie': firstTouch.set(clickId) }) }).end();
    } catch (error) {
      // As every other route answers: an outage is 503 with Retry-After, anything else 500, never a hung request.
      const status = isTransientError(error) ? 503 : 500;
      response.writeHead(status, { 'Content-Type': 'application/json', ...(status === 503 ? { 'Retry-After': '1' } : {}) });
      response.end(JSON.stringify(errorBody(status, status === 503 ? 'Temporarily unavailable: retry shortly' : 'Internal server error')));
    }
  }

  private async recordClick(
    request: IncomingMessage,
    query: URLSearchParams,
    { clickId, firstClickId }: { clickId: string; firstClickId: string | null },
    owner: { code: string; programId: string; customerId: string },
  ): Promise<void> {
    const now = this.clock();
    const text = (name: string) => query.get(name)?.slice(0, 200) ?? null;
    const utm = { source: text('utm_source'), medium: text('utm_medium'), campaign: text('utm_campaign') };
    const ip = request.socket.remoteAddress;
    const userAgent = request.headers['user-agent'];
    const clicked: NewEvent<LinkClicked['type'], LinkClicked['data']> = {
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
        ipHash: ip ? this.options.blindIndex.of('ip', ip) : null,
        userAgentHash: userAgent ? this.options.blindIndex.of('user-agent', userAgent) : null,
        firstClickId,
        clickedAt: now.toISOString(),
      },
      metadata: { correlationId: clickId, causationId: null, occurredAt: now.toISOString(), schemaVersion: 1, actor: 'public' },
    };
    await this.store.appendToStream(clickStream(clickId), [clicked], { expectedVersion: 'no_stream' });
  }
}
