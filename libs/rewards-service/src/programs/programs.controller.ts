import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CHANNEL_COSTS_SCHEMA,
  PROGRAM_DEFINITION_SCHEMA,
  PROGRAM_RULES_SCHEMA,
  SchemaValidator,
  streamName,
  type ChannelCosts,
  type ProgramDefinition,
  type ProgramRulesDefinition,
} from '@referral-ledger/contracts';
import { handleCommand, readState, type EventStore } from '@referral-ledger/event-store';
import { programDecider, rulesOf, versionHistory, type Program, type ProgramCommand, type ProgramStatus, type ProgramVersion } from '@referral-ledger/rewards-domain';
import { CLOCK, Caller, CorrelationId, EVENT_STORE, Roles, SchemaValidationPipe, openApiSchema, type Clock } from '@referral-ledger/service-kit';
import { ProgramResponse, toProgramView, type ProgramView } from './program-view';

const schemas = new SchemaValidator({ program: PROGRAM_DEFINITION_SCHEMA, rules: PROGRAM_RULES_SCHEMA, channelCosts: CHANNEL_COSTS_SCHEMA });

/** Programs and their rules (DESIGN.md §5, §7): admin only. */
@ApiTags('programs')
@Roles('admin')
@Controller('v1/programs')
export class ProgramsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a program (version 1 of its rules)' })
  @ApiBody({ schema: openApiSchema(PROGRAM_DEFINITION_SCHEMA) })
  @ApiResponse({ status: 201, type: ProgramResponse })
  async create(@Body(new SchemaValidationPipe(schemas, 'program')) body: ProgramDefinition, @Caller() by: string, @CorrelationId() correlationId: string): Promise<ProgramView> {
    const { name, landingUrl, currency, ...rules } = body;
    const programId = randomUUID();
    return this.handle(
      programId,
      { type: 'CreateProgram', data: { programId, name, landingUrl, currency, rules: rulesOf(rules), by }, metadata: { now: this.clock() } },
      correlationId,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'A program, its status and the rules of its current version' })
  @ApiResponse({ status: 200, type: ProgramResponse })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ProgramView> {
    return this.view(id, await readState(this.store, streamName('program', id), programDecider));
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Every version of the rules, oldest first: who set it and from when it judges new referrals' })
  async versions(@Param('id', ParseUUIDPipe) id: string): Promise<{ programId: string; versions: ProgramVersion[] }> {
    const events = (await this.store.readStream(streamName('program', id))).filter(programDecider.canHandle);
    if (events.length === 0) throw new NotFoundException(`No program ${id}`);
    return { programId: id, versions: versionHistory(events) };
  }

  @Put(':id/rules')
  @ApiOperation({ summary: 'New rules: a new version for referrals attributed from now on' })
  @ApiBody({ schema: openApiSchema(PROGRAM_RULES_SCHEMA) })
  @ApiResponse({ status: 200, type: ProgramResponse })
  async changeRules(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new SchemaValidationPipe(schemas, 'rules')) rules: ProgramRulesDefinition,
    @Caller() by: string,
    @CorrelationId() correlationId: string,
  ): Promise<ProgramView> {
    return this.handle(id, { type: 'ChangeRules', data: { rules: rulesOf(rules), by }, metadata: { now: this.clock() } }, correlationId);
  }

  @Put(':id/channel-costs')
  @ApiOperation({
    summary: "What the program's other acquisition channels cost, per channel: the whole set, replacing the last; analysts see a CAC per channel beside the CAC per referral",
  })
  @ApiBody({ schema: openApiSchema(CHANNEL_COSTS_SCHEMA) })
  async setChannelCosts(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new SchemaValidationPipe(schemas, 'channelCosts')) channelCosts: ChannelCosts,
    @Caller() by: string,
    @CorrelationId() correlationId: string,
  ) {
    await this.get(id);
    const now = this.clock();
    const { newEvents } = await handleCommand(
      this.store,
      streamName('program', id),
      programDecider,
      { type: 'SetChannelCosts', data: { channelCosts, by }, metadata: { now } },
      { correlationId, causationId: null, actor: 'admin', now },
    );
    return newEvents[0].data;
  }

  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id', ParseUUIDPipe) id: string, @Caller() by: string, @CorrelationId() correlationId: string): Promise<ProgramView> {
    return this.changeStatus(id, 'paused', by, correlationId);
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id', ParseUUIDPipe) id: string, @Caller() by: string, @CorrelationId() correlationId: string): Promise<ProgramView> {
    return this.changeStatus(id, 'active', by, correlationId);
  }

  private async changeStatus(id: string, status: ProgramStatus, by: string, correlationId: string): Promise<ProgramView> {
    await this.get(id);
    return this.handle(id, { type: 'ChangeStatus', data: { status, by }, metadata: { now: this.clock() } }, correlationId);
  }

  private async handle(programId: string, command: ProgramCommand, correlationId: string): Promise<ProgramView> {
    const { state } = await handleCommand(this.store, streamName('program', programId), programDecider, command, {
      correlationId,
      causationId: null,
      actor: 'admin',
      now: command.metadata.now,
    });
    return this.view(programId, state);
  }

  private view(id: string, program: Program): ProgramView {
    if (program.status === 'none') throw new NotFoundException(`No program ${id}`);
    return toProgramView(program);
  }
}
