export default async function globalTeardown() {
  const started = globalThis.referralLedgerTestServers;
  globalThis.referralLedgerTestServers = undefined;
  await started?.broker?.stop();
  await Promise.all((started?.containers ?? []).map((container) => container.stop()));
}
