import { z } from 'zod';
import { type Channel, type EventName, type EventPayload, type RequestInput, type RequestOutput } from '../../../electron/shared/contract.js';
import {
  type ConnectionState,
  type EarshotClient,
  type FiltersChoice,
  type ParamsChoice,
  type SubmitResult,
  ClientError,
  checkInput,
  parseEvent,
  toClientError,
  unwrapResult,
} from './client.js';

/**
 * What electron/preload exposes as `window.earshot` (contextBridge). `invoke` resolves with a result envelope;
 * `on` returns an unsubscribe function. The optional helpers are the shell's native dialogs and `webUtils`.
 */
export interface EarshotBridge {
  invoke(channel: string, input: unknown, frontendVersion: string): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  pickPaths?(kind: 'files' | 'folder'): Promise<unknown>;
  pathForFile?(file: File): string;
  showInFolder?(path: string): Promise<unknown>;
  pickSavePath?(defaultName: string): Promise<unknown>;
}

declare global {
  interface Window {
    earshot?: EarshotBridge;
  }
}

const Paths = z.array(z.string());
const SavePath = z.string().min(1).nullable();

/** True when `value` looks like the preload bridge (both required functions present). */
export function isBridge(value: unknown): value is EarshotBridge {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.invoke === 'function' && typeof v.on === 'function';
}

/**
 * EarshotClient over Electron IPC through the preload bridge. Every reply and event is zod-parsed here even though
 * main built it from the same contract: the renderer trusts nothing that crosses a process boundary.
 * Dropped files become paths with the bridge's `pathForFile` (Electron's webUtils) and are enqueued by path.
 */
export class PreloadClient implements EarshotClient {
  readonly transport = 'electron' as const;
  readonly usesPaths = true;
  readonly pickPaths: EarshotClient['pickPaths'];
  readonly showInFolder: EarshotClient['showInFolder'];
  readonly pickSavePath: EarshotClient['pickSavePath'];

  constructor(
    private readonly bridge: EarshotBridge,
    readonly frontendVersion: string,
  ) {
    const pick = bridge.pickPaths?.bind(bridge);
    this.pickPaths = pick ? async (kind) => Paths.parse(await pick(kind)) : null;
    const show = bridge.showInFolder?.bind(bridge);
    this.showInFolder = show
      ? async (path) => {
          await show(path);
        }
      : null;
    const save = bridge.pickSavePath?.bind(bridge);
    this.pickSavePath = save ? async (name) => SavePath.parse(await save(name)) : null;
  }

  async request<C extends Channel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>> {
    const checked = checkInput(channel, input);
    let raw: unknown;
    try {
      raw = await this.bridge.invoke(channel, checked, this.frontendVersion);
    } catch (err) {
      throw toClientError(err, 'IO_ERROR');
    }
    return unwrapResult(channel, raw);
  }

  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    return this.bridge.on(event, (payload) => {
      const parsed = parseEvent(event, payload);
      if (parsed !== null) cb(parsed);
    });
  }

  onConnection(_cb: (state: ConnectionState) => void): () => void {
    return () => undefined;
  }

  async submitFiles(files: readonly File[], params: ParamsChoice, filters: FiltersChoice): Promise<SubmitResult> {
    const toPath = this.bridge.pathForFile?.bind(this.bridge);
    if (!toPath) throw new ClientError('INTERNAL', 'This Earshot window cannot read dropped file paths (preload lacks pathForFile).');
    const paths = files.map((f) => toPath(f)).filter((p) => p.length > 0);
    if (paths.length === 0) throw new ClientError('BAD_REQUEST', 'None of the dropped items is a file on this computer.');
    return this.request('jobs.enqueue', { paths, params, filters });
  }

  close(): void {}
}
