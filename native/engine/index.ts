// The engine's public surface for electron/services: the Engine contract and its child-process implementation.
export * from './types.js';
export { EngineHost, type EngineHostOptions, type EngineCrash } from './engine-host.js';
export { ForkLauncher, forwardOutputLines, type HostLauncher, type HostChannel, type HostExit } from './launcher.js';
export type { ToHost } from './messages.js';
export { backendPreference } from './backend.js';
