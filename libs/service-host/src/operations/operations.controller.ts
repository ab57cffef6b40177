import { ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles, errorBody } from '@referral-ledger/service-kit';
import { OPERATIONS, Operations, ReplayRefusedError } from './operations';

/** Dead letters and parked events, for the people on call (admin role). */
@ApiTags('operations')
@Roles('admin')
@Controller('v1/operations')
export class OperationsController {
  constructor(@Inject(OPERATIONS) private readonly operations: Operations) {}

  /** `status=open` (default): not replayed yet; `all`: every one. */
  @Get('dead-letters')
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'all'] })
  async deadLetters(@Query('status') status = 'open') {
    const letters = await this.operations.deadLetters.list({ open: status !== 'all' });
    return {
      deadLetters: letters.map(({ message, ...letter }) => ({
        ...letter,
        topic: message.topic,
        key: message.key,
        headers: message.headers,
        message: message.value?.toString('utf8') ?? null,
      })),
    };
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  async replay(@Param('id') id: string) {
    return { id, outcome: await this.found(() => this.operations.replayDeadLetter(id), 'dead letter', id) };
  }

  @Get('parked-events')
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'all'] })
  async parkedEvents(@Query('status') status = 'open') {
    return { parkedEvents: await this.operations.parked.list({ open: status !== 'all' }) };
  }

  @Post('parked-events/:id/retry')
  @HttpCode(200)
  async retry(@Param('id') id: string) {
    return { id, outcome: await this.found(() => this.operations.retryParked(id), 'parked event', id) };
  }

  @Post('parked-events/:id/skip')
  @HttpCode(200)
  async skip(@Param('id') id: string) {
    return { id, outcome: await this.found(() => this.operations.skipParked(id), 'parked event', id) };
  }

  private async found<T>(work: () => Promise<T | undefined>, what: string, id: string): Promise<T> {
    let result: T | undefined;
    try {
      result = await work();
    } catch (error) {
      if (error instanceof ReplayRefusedError) throw new ConflictException(errorBody(409, error.message));
      throw error;
    }
    if (result === undefined) throw new NotFoundException(errorBody(404, `No ${what} ${id}`));
    return result;
  }
}
