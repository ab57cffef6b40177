import type { ChannelCosts } from '@referral-ledger/contracts';
import { IllegalStateError, canHandle, type Command } from '@referral-ledger/decider';
import { evolve, initialState, type Program, type ProgramEvent, type ProgramStatus } from './program';
import { assertValidRules, type ProgramRules } from './program-rules';

export type CreateProgram = Command<'CreateProgram', { programId: string; name: string; landingUrl: string; currency: string; rules: ProgramRules; by: string }>;
export type ChangeRules = Command<'ChangeRules', { rules: ProgramRules; by: string }>;
export type ChangeStatus = Command<'ChangeStatus', { status: ProgramStatus; by: string }>;
export type SetChannelCosts = Command<'SetChannelCosts', { channelCosts: ChannelCosts; by: string }>;
export type ProgramCommand = CreateProgram | ChangeRules | ChangeStatus | SetChannelCosts;

export function create(command: CreateProgram, state: Program): ProgramEvent[] {
  if (state.status !== 'none') throw new IllegalStateError(`Program ${command.data.programId} already exists`);
  const { programId, name, landingUrl, currency, rules, by } = command.data;
  assertValidRules(rules, currency);
  return [{ type: 'program.created', data: { programId, name, landingUrl, currency, version: 1, rules, createdAt: command.metadata.now.toISOString(), createdBy: by } }];
}

export function changeRules(command: ChangeRules, state: Program): ProgramEvent[] {
  const program = existing(state);
  if (program.status === 'ended') throw new IllegalStateError('An ended program cannot change its rules');
  assertValidRules(command.data.rules, program.currency);
  return [
    {
      type: 'program.rules_changed',
      data: { programId: program.programId, version: program.version + 1, rules: command.data.rules, changedAt: command.metadata.now.toISOString(), changedBy: command.data.by },
    },
  ];
}

/** Pause and resume as often as needed; ending is final. Asking for the current status changes nothing. */
export function changeStatus(command: ChangeStatus, state: Program): ProgramEvent[] {
  const program = existing(state);
  if (program.status === command.data.status) return [];
  if (program.status === 'ended') throw new IllegalStateError('An ended program cannot be paused or resumed');
  return [
    {
      type: 'program.status_changed',
      data: { programId: program.programId, status: command.data.status, changedAt: command.metadata.now.toISOString(), changedBy: command.data.by },
    },
  ];
}

/** The whole set of channel costs, replacing the last one; a program that ended may still be compared. */
export function setChannelCosts(command: SetChannelCosts, state: Program): ProgramEvent[] {
  const program = existing(state);
  return [
    {
      type: 'program.channel_costs_set',
      data: { programId: program.programId, channelCosts: command.data.channelCosts, setAt: command.metadata.now.toISOString(), setBy: command.data.by },
    },
  ];
}

export function decide(command: ProgramCommand, state: Program): ProgramEvent[] {
  const { type } = command;
  switch (type) {
    case 'CreateProgram':
      return create(command, state);
    case 'ChangeRules':
      return changeRules(command, state);
    case 'ChangeStatus':
      return changeStatus(command, state);
    case 'SetChannelCosts':
      return setChannelCosts(command, state);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const programDecider = {
  decide,
  evolve,
  initialState,
  canHandle: canHandle<ProgramEvent>({ 'program.created': true, 'program.rules_changed': true, 'program.status_changed': true, 'program.channel_costs_set': true }),
};

function existing(state: Program): Exclude<Program, { status: 'none' }> {
  if (state.status === 'none') throw new IllegalStateError('There is no such program');
  return state;
}
