import { streamName, type LinkClickedData } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

export type LinkClicked = DomainEvent<'link.clicked', LinkClickedData>;

export const isLinkClicked = canHandle<LinkClicked>({ 'link.clicked': true });

/** `click-<click id>`: one click, created once; its id travels to the landing page and back in the signup. */
export const clickStream = (clickId: string) => streamName('click', clickId);
