export { createSandboxApp, OTP_MAX_ATTEMPTS, OTP_MAX_RESENDS, OTP_TTL_MS, type SandboxOptions } from './app.ts';
export { startSandboxWallet, type RunningSandboxWallet, type StartSandboxOptions } from './server.ts';
export { createSandboxControl, type OutboxEntryView, type SandboxControl } from './control.ts';
export { createSeedData, SELF_SERVICE_FREEZE_REASONS, type SandboxData } from './data.ts';
export type { Faults, FaultsInput } from './faults.ts';
