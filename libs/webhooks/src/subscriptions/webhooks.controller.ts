import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Roles, errorBody } from '@referral-ledger/service-kit';
import { WEBHOOK_EVENT_TYPES } from '../deliveries/outbound-events.handler';
import { WebhookRuntime } from '../deliveries/webhook-runtime';
import { TargetRefusedError, checkTarget } from './target-policy';

class RegisterWebhookRequest {
  @ApiProperty({ format: 'uri', description: 'http(s); loopback, private and link-local addresses are refused' })
  @IsString()
  @MaxLength(2_000)
  url!: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENT_TYPES, description: 'the outbound event types to receive' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  types!: string[];

  @ApiProperty({ description: '`whsec_` + base64 (Standard Webhooks), or any 24 to 200 characters used as they are', minLength: 24, maxLength: 200 })
  @IsString()
  @Length(24, 200)
  secret!: string;
}

const STATUSES = ['pending', 'delivered', 'failed', 'all'] as const;

class DeliveriesQuery {
  @ApiPropertyOptional({ enum: STATUSES, default: 'all' }) @IsOptional() @IsIn(STATUSES) status: (typeof STATUSES)[number] = 'all';
}

/** Outbound events over HTTP for teams without Kafka (admin role). */
@ApiTags('webhooks')
@Roles('admin')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly runtime: WebhookRuntime) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to outbound event types; deliveries are signed with the secret (Standard Webhooks)' })
  async register(@Body() body: RegisterWebhookRequest) {
    try {
      await checkTarget(body.url, this.runtime.options.allowPrivateTargets);
    } catch (error) {
      if (error instanceof TargetRefusedError) throw new BadRequestException(errorBody(400, 'Invalid request', [{ field: 'url', message: error.message }]));
      throw error;
    }
    return this.runtime.subscriptions.register(body.url, [...new Set(body.types)], body.secret, this.runtime.clock());
  }

  @Get()
  async list() {
    return { webhooks: await this.runtime.subscriptions.list() };
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's deliveries, newest first; `status=failed` is its dead-letter list" })
  async deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: DeliveriesQuery) {
    await this.subscription(id);
    return { webhookId: id, deliveries: await this.runtime.queue.list(id, query.status) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a failed delivery again, with a fresh retry window' })
  async redeliver(@Param('id', ParseUUIDPipe) id: string, @Param('deliveryId') deliveryId: string) {
    await this.subscription(id);
    const outcome = /^\d{1,18}$/.test(deliveryId) ? await this.runtime.queue.redeliver(id, deliveryId, this.runtime.clock()) : undefined;
    if (!outcome) throw new NotFoundException(errorBody(404, `No delivery ${deliveryId} for webhook ${id}`));
    if (outcome === 'not_failed') throw new ConflictException(errorBody(409, `Delivery ${deliveryId} has not failed`));
    this.runtime.dispatcher.notify();
    return { id: deliveryId, outcome };
  }

  private async subscription(id: string) {
    const found = await this.runtime.subscriptions.find(id);
    if (!found) throw new NotFoundException(errorBody(404, `No webhook ${id}`));
    return found;
  }
}
