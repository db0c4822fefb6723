import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  CHANNEL_PREFIX,
  type Envelope,
  IPC_EVENT_CHANNEL,
  type ShellChannel,
  channelNames,
  eventNames,
} from '../shared/contract.js';

/**
 * The preload bridge (sandboxed, context-isolated): exposes `window.earshot`, built from the contract's channel and
 * event lists. The renderer parses every reply and payload with the contract itself; this side only refuses names
 * the contract does not have, so nothing but the contract's channels ever reaches ipcRenderer.
 */

const channels = new Set<string>(channelNames);
const events = new Set<string>(eventNames);

function refused(message: string): Envelope<never> {
  return { ok: false, error: { code: 'BAD_REQUEST', message } };
}

/** Calls a shell channel and returns its value, or throws its error message (the renderer treats these as plain promises). */
async function shellCall(channel: ShellChannel, input: unknown): Promise<unknown> {
  const result = (await ipcRenderer.invoke(`${CHANNEL_PREFIX}${channel}`, input)) as Envelope<unknown>;
  if (!result.ok) throw new Error(`[${result.error.code}] ${result.error.message}`);
  return result.value;
}

export const bridge = {
  /** Sends request `channel` with the renderer's version; resolves with the result envelope. Unknown channels get BAD_REQUEST without IPC. */
  invoke(channel: string, input: unknown, frontendVersion: string): Promise<unknown> {
    if (!channels.has(channel)) return Promise.resolve(refused(`unknown channel ${JSON.stringify(channel)}`));
    return ipcRenderer.invoke(`${CHANNEL_PREFIX}${channel}`, input, frontendVersion);
  },
  /** Subscribes to a contract event; returns the unsubscribe function. An unknown event name throws. */
  on(event: string, cb: (payload: unknown) => void): () => void {
    if (!events.has(event)) throw new Error(`unknown event ${JSON.stringify(event)}`);
    const listener = (_e: Electron.IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) cb(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, listener);
    };
  },
  /** Native file or folder picker; resolves with the chosen paths (`[]` when cancelled). */
  pickPaths(kind: 'files' | 'folder'): Promise<unknown> {
    return shellCall('shell.pickPaths', { kind });
  },
  /** Native save dialog for an export named `defaultName`; resolves with the chosen path, or null when cancelled. */
  pickSavePath(defaultName: string): Promise<unknown> {
    return shellCall('shell.pickSavePath', { defaultName });
  },
  /** Shows `path` selected in the system file manager. */
  showInFolder(path: string): Promise<unknown> {
    return shellCall('shell.showInFolder', { path });
  },
  /** The filesystem path of a dropped or picked File (Electron's webUtils; "" for a file not on disk). */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('earshot', bridge);
