import type { Channel, EventName, EventPayload, RequestInput, RequestOutput } from '../../../electron/shared/contract.js';
import { type ConnectionState, type EarshotClient, type FiltersChoice, type ParamsChoice, type SubmitResult, ClientError } from './client.js';

/** What the UI shows once the host refused this build: our version and the host's own message (it names both). */
export interface Mismatch {
  frontendVersion: string;
  message: string;
}

/**
 * Wraps a transport so that the first VERSION_MISMATCH answer flips a sticky "mismatch" state (seed 002: the
 * ApiService allows no calls after a mismatch): listeners hear about it once, and every later request or upload
 * is refused here with VERSION_MISMATCH without reaching the host. Events keep flowing (they change nothing).
 */
export class VersionGate implements EarshotClient {
  private mismatch: Mismatch | null = null;
  private readonly listeners = new Set<(m: Mismatch) => void>();

  constructor(private readonly inner: EarshotClient) {}

  get transport(): EarshotClient['transport'] {
    return this.inner.transport;
  }
  get frontendVersion(): string {
    return this.inner.frontendVersion;
  }
  get usesPaths(): boolean {
    return this.inner.usesPaths;
  }
  get pickPaths(): EarshotClient['pickPaths'] {
    const pick = this.inner.pickPaths;
    return pick ? (kind) => this.guard(() => pick(kind)) : null;
  }
  get showInFolder(): EarshotClient['showInFolder'] {
    return this.inner.showInFolder;
  }
  get pickSavePath(): EarshotClient['pickSavePath'] {
    return this.inner.pickSavePath;
  }

  /** The mismatch seen so far, or null. */
  current(): Mismatch | null {
    return this.mismatch;
  }

  /** Calls `cb` when a mismatch is first seen (at once if it already was). Returns the unsubscribe function. */
  onMismatch(cb: (m: Mismatch) => void): () => void {
    this.listeners.add(cb);
    if (this.mismatch) cb(this.mismatch);
    return () => this.listeners.delete(cb);
  }

  request<C extends Channel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>> {
    return this.guard(() => this.inner.request(channel, input));
  }

  submitFiles(files: readonly File[], params: ParamsChoice, filters: FiltersChoice): Promise<SubmitResult> {
    return this.guard(() => this.inner.submitFiles(files, params, filters));
  }

  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
    return this.inner.on(event, cb);
  }

  onConnection(cb: (state: ConnectionState) => void): () => void {
    return this.inner.onConnection(cb);
  }

  close(): void {
    this.inner.close();
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    if (this.mismatch) throw new ClientError('VERSION_MISMATCH', this.mismatch.message);
    try {
      return await call();
    } catch (err) {
      if (err instanceof ClientError && err.code === 'VERSION_MISMATCH') this.trip(err.message);
      throw err;
    }
  }

  private trip(message: string): void {
    if (this.mismatch) return;
    this.mismatch = { frontendVersion: this.frontendVersion, message };
    const m = this.mismatch;
    this.listeners.forEach((cb) => cb(m));
  }
}
