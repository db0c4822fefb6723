// What a shell needs to start the engine host its own way (Electron's utilityProcess): the launcher contract of
// native/engine, re-exported so the shell hands a launcher to the composition root without importing native/.
export { forwardOutputLines, type HostChannel, type HostExit, type HostLauncher, type ToHost } from '../../native/engine/index.js';
