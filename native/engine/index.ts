// The engine's public surface for electron/services: the Engine contract and its child-process implementation.
export * from './types.js';
export { EngineHost, type EngineHostOptions, type EngineCrash } from './engine-host.js';
export { ForkLauncher, forwardOutputLines, type HostLauncher, type HostChannel, type HostExit } from './launcher.js';
export type { ToHost } from './messages.js';
export { backendPreference } from './backend.js';
export {
  AddonResult,
  contextOptions,
  CpuAddonChoice,
  CompiledStatus,
  compiledVariantOrder,
  defaultAddonBuildDir,
  describeCpuBuild,
  loadCpuAddon,
  featureLevel,
  portableVariant,
  readCompiledStatus,
  readCpuFlags,
  type CompiledVariant,
  type CpuBuild,
} from './addon.js';
export { physicalCoresFromCpuinfo, readCpuTopology, threadPlan, type CpuTopology, type ThreadPlan } from './threads.js';
