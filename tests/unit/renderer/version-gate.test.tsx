// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, EventName, EventPayload, RequestInput, RequestOutput } from '../../../electron/shared/contract.js';
import { ClientError, type ConnectionState, type EarshotClient, type SubmitResult, unwrapResult } from '../../../renderer/src/api/client.js';
import { VersionGate } from '../../../renderer/src/api/version-gate.js';
import { FRONTEND_VERSION, resolveFrontendVersion } from '../../../renderer/src/api/version.js';
import { App } from '../../../renderer/src/app.js';

/**
 * A transport that answers every request the way the main side answers a renderer of another protocol version
 * (AppApi.dispatch: `{ ok: false, error: { code: 'VERSION_MISMATCH', message } }`), and counts what reached it.
 * The real host is exercised by the browser e2e test (c); this pins the UI's reaction without a server.
 */
class MismatchedHost implements EarshotClient {
  readonly transport = 'websocket' as const;
  readonly usesPaths = false;
  readonly pickPaths = null;
  readonly showInFolder = null;
  readonly pickSavePath = null;
  calls: string[] = [];
  constructor(readonly frontendVersion: string) {}
  async request<C extends Channel>(channel: C, _input: RequestInput<C>): Promise<RequestOutput<C>> {
    this.calls.push(channel);
    const message = `frontend version "${this.frontendVersion}" cannot talk to backend version 2.0.1.0 (protocol 2); reload the page or update the app`;
    return unwrapResult(channel, { ok: false, error: { code: 'VERSION_MISMATCH', message } });
  }
  on<E extends EventName>(_event: E, _cb: (payload: EventPayload<E>) => void): () => void {
    return () => undefined;
  }
  onConnection(_cb: (state: ConnectionState) => void): () => void {
    return () => undefined;
  }
  async submitFiles(): Promise<SubmitResult> {
    this.calls.push('upload');
    throw new ClientError('VERSION_MISMATCH', 'refused');
  }
  close(): void {}
}

afterEach(cleanup);

describe('frontend version', () => {
  it('is the build version unless ?frontendVersion= overrides it with a well-formed value', () => {
    expect(FRONTEND_VERSION).toMatch(/^2\./);
    expect(resolveFrontendVersion('')).toBe(FRONTEND_VERSION);
    expect(resolveFrontendVersion('?frontendVersion=99.0')).toBe('99.0');
    expect(resolveFrontendVersion('?frontendVersion=not%20a%20version')).toBe(FRONTEND_VERSION);
  });
});

describe('version gate', () => {
  it('after a VERSION_MISMATCH answer, refuses further requests without sending them', async () => {
    const host = new MismatchedHost('99.0');
    const gate = new VersionGate(host);
    const seen: string[] = [];
    gate.onMismatch((m) => seen.push(m.frontendVersion));
    await expect(gate.request('jobs.list', {})).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(seen).toEqual(['99.0']);
    await expect(gate.request('jobs.cancel', { id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    await expect(gate.submitFiles([], {}, {})).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(host.calls).toEqual(['jobs.list']);
  });

  it('the app shows the snackbar with both versions and a reload button, and disables its actions', async () => {
    const host = new MismatchedHost('99.0');
    render(<App client={new VersionGate(host)} />);
    const snack = await screen.findByTestId('version-mismatch');
    expect(snack.textContent).toContain('99.0');
    expect(snack.textContent).toContain('2.0.1.0');
    expect(screen.getByTestId('version-reload')).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId('record-button') as HTMLButtonElement).disabled).toBe(true));
    expect((screen.getByTestId('add-files') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('add-folder') as HTMLButtonElement).disabled).toBe(true);
    const before = host.calls.length;
    fireEvent.keyDown(window, { key: ' ' });
    fireEvent.keyDown(window, { key: 'o', ctrlKey: true });
    expect(screen.queryByTestId('recorder-timer')).toBeNull();
    expect(host.calls.length).toBe(before);
  });
});
