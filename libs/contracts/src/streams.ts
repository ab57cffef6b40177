/**
 * Stream names are `<category>-<aggregate id>` (e.g. `referral-7f3c…`): the category says which decider
 * owns the stream, the id becomes the Kafka message key and the CloudEvents subject.
 */
export function streamName(category: string, aggregateId: string): string {
  if (category.includes('-')) throw new Error(`A stream category may not contain "-": ${category}`);
  return `${category}-${aggregateId}`;
}

export function aggregateIdOf(stream: string): string {
  const separator = stream.indexOf('-');
  return separator < 0 ? stream : stream.slice(separator + 1);
}
