import { randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { codeFromRandomBytes, normaliseCode, referrerDecider, referrerStream, vanityCodeProblem, type Referrer } from '@referral-ledger/attribution-domain';
import { handleCommand, readState, type EventStore } from '@referral-ledger/event-store';
import { CLOCK, EVENT_STORE, errorBody, type Clock } from '@referral-ledger/service-kit';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from '../attribution-options';
import { awaitProgram } from '../programs/program-lookup';
import { claimCode, findCodeOwner } from './code-claims';

/** What a referrer shares, and the token that lets them follow their referrals. */
export interface ShareKit {
  code: string;
  link: string;
  qrUrl: string;
  referrerToken: string;
}

const CODE_ATTEMPTS = 5;

@Injectable()
export class ReferrerEnrolment {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ATTRIBUTION_OPTIONS) private readonly options: AttributionOptions,
  ) {}

  /** Enrols once: enrolling again returns the same code. */
  async enrol(programId: string, customerId: string, email: string, correlationId: string): Promise<ShareKit> {
    const program = await awaitProgram(this.store, programId);
    if (!program) throw new NotFoundException(`No program ${programId}`);
    const current = await this.referrer(programId, customerId);
    if (current.status === 'enrolled') return this.shareKit(programId, customerId, current.codes[0]);

    const now = this.clock();
    const code = await this.claimFreshCode(programId, customerId, now, correlationId);
    const { state } = await handleCommand(
      this.store,
      referrerStream(programId, customerId),
      referrerDecider,
      {
        type: 'EnrollReferrer',
        data: {
          programId,
          customerId,
          emailIndex: this.options.blindIndex.email(email),
          encryptedEmail: await this.options.cipher.encrypt(customerId, email),
          programActive: program.status === 'active',
          generatedCode: code,
        },
        metadata: { now },
      },
      { correlationId, causationId: null, actor: 'integration', now },
    );
    if (state.status !== 'enrolled') throw new Error(`Enrolling ${customerId} in ${programId} left no referrer`);
    return this.shareKit(programId, customerId, state.codes[0]);
  }

  /** A code of the referrer's choosing, unique across all programs. */
  async addVanityCode(programId: string, customerId: string, code: string, correlationId: string): Promise<ShareKit> {
    if ((await this.referrer(programId, customerId)).status !== 'enrolled') throw new NotFoundException(`Customer ${customerId} is not a referrer of program ${programId}`);
    const problem = vanityCodeProblem(code);
    if (problem) throw new BadRequestException(errorBody(400, 'Invalid request', [{ field: 'code', message: problem }]));
    const now = this.clock();
    const owner = await findCodeOwner(this.store, code);
    const ours = owner?.programId === programId && owner.customerId === customerId;
    // Claimed before it is issued: a code on a referrer's stream is always theirs.
    if (!ours && !(await claimCode(this.store, { code, programId, customerId }, now, correlationId))) throw new ConflictException(`The code ${normaliseCode(code)} is taken`);
    await handleCommand(
      this.store,
      referrerStream(programId, customerId),
      referrerDecider,
      { type: 'IssueVanityCode', data: { code }, metadata: { now } },
      {
        correlationId,
        causationId: null,
        actor: 'integration',
        now,
      },
    );
    return this.shareKit(programId, customerId, normaliseCode(code));
  }

  shareKit(programId: string, customerId: string, code: string): ShareKit {
    const base = this.options.publicBaseUrl.replace(/\/$/, '');
    return {
      code,
      link: `${base}/r/${code}`,
      qrUrl: `${base}/v1/codes/${code}/qr.svg`,
      referrerToken: this.options.referrerTokens.issue({ programId, customerId }),
    };
  }

  private async claimFreshCode(programId: string, customerId: string, now: Date, correlationId: string): Promise<string> {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = codeFromRandomBytes(randomBytes(7));
      if (await claimCode(this.store, { code, programId, customerId }, now, correlationId)) return code;
    }
    throw new ConflictException('Could not find a free code; try again');
  }

  private async referrer(programId: string, customerId: string): Promise<Referrer> {
    return readState(this.store, referrerStream(programId, customerId), referrerDecider);
  }
}
