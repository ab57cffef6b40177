export const WEBHOOKS_OPTIONS = Symbol('WEBHOOKS_OPTIONS');

export interface WebhooksOptions {
  allowPrivateTargets: boolean;
  retryHours: number;
}
