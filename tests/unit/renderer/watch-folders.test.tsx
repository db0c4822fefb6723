// @vitest-environment jsdom
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RequestOutput } from '../../../electron/shared/contract.js';
import { trustedCall } from '../../../electron/services/_utils/call-context.js';
import { AppApi } from '../../../electron/services/app/app-api.js';
import type { Earshot } from '../../../electron/services/earshot.js';
import { ClientProvider } from '../../../renderer/src/api/client-context.js';
import { type EarshotBridge, PreloadClient } from '../../../renderer/src/api/preload-client.js';
import { VersionGate } from '../../../renderer/src/api/version-gate.js';
import { NoticeProvider } from '../../../renderer/src/_utils/notices.js';
import { WatchFoldersPanel, formatSettle, settleMsOf } from '../../../renderer/src/features/watch/watch-folders.js';
import { testEarshot } from '../../helpers/earshot.js';
import { writeSyntheticGgml } from '../../helpers/models-synthetic.js';
import { useTempDir } from '../../helpers/temp-dir.js';

/**
 * The watch panel on the real stack behind the Electron client: the preload client's bridge hands every request to
 * the real AppApi on real Earshot services (SQLite and chokidar in a temp folder; the engine is never started, the
 * model is a synthetic ggml file that transcribes nothing). `calls` records what the renderer sent; `picks` are the
 * answers of the native folder picker, in order.
 */
async function realHost(root: string, opts: { picker: boolean }) {
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
  await writeSyntheticGgml(path.join(dataDir, 'models', 'ggml-tiny.en.bin'));
  const earshot = testEarshot(dataDir, { model: 'tiny.en' }, { appVersion: '0.1.0' });
  await earshot.watch.start();
  const api = new AppApi({ earshot, policy: { mode: 'trusted' } });
  const calls: Array<{ channel: string; input: unknown }> = [];
  const picks: string[][] = [];
  const bridge: EarshotBridge = {
    invoke: (channel, input, frontendVersion) => {
      calls.push({ channel, input });
      return api.dispatch(channel, input, frontendVersion);
    },
    on: () => () => undefined,
    ...(opts.picker ? { pickPaths: async () => picks.shift() ?? [] } : {}),
  };
  const client = new VersionGate(new PreloadClient(bridge, `${PROTOCOL_VERSION}.0.1.0`));
  const settings = await client.request('settings.get', {});
  return { earshot, client, settings, calls, picks };
}

function renderPanel(client: VersionGate, settings: RequestOutput<'settings.get'>) {
  return render(
    <ClientProvider client={client}>
      <NoticeProvider>
        <WatchFoldersPanel settings={settings} disabled={false} />
      </NoticeProvider>
    </ClientProvider>,
  );
}

const rows = () => screen.queryAllByTestId('watch-folder');
const rowOf = (folder: string) => {
  const row = rows().find((r) => within(r).getByTestId('watch-folder-path').textContent === folder);
  if (!row) throw new Error(`no row for ${folder}`);
  return row;
};
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
/** Closes the notice showing, so the next one (notices queue) can show. */
const closeNotice = () => fireEvent.click(within(screen.getByTestId('notice')).getByRole('button', { name: /close/i }));

describe('watch folders panel (real services behind the Electron client)', () => {
  const tempDir = useTempDir('earshot-watch-ui-');
  let earshot: Earshot | null = null;
  afterEach(async () => {
    cleanup();
    await earshot?.close();
    earshot = null;
  });

  it('lists the saved folders, adds one with the typed path and parameters, removes one, and shows the host refusing a folder', async () => {
    const root = tempDir();
    const saved = path.join(root, 'saved');
    const inbox = path.join(root, 'inbox');
    const out = path.join(root, 'transcripts');
    for (const dir of [saved, inbox, out]) fs.mkdirSync(dir);
    const host = await realHost(root, { picker: true });
    earshot = host.earshot;
    const before = await host.earshot.watch.add({ path: saved, params: { formats: ['txt'] }, filters: {}, settleMs: 500 }, trustedCall());

    renderPanel(host.client, host.settings);
    // The list comes from watch.list.
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(host.calls.map((c) => c.channel)).toContain('watch.list');
    const first = rowOf(saved);
    expect(first.dataset.id).toBe(before.id);
    expect(within(first).getByTestId('watch-folder-active').dataset.active).toBe('true');
    expect(within(first).getByTestId('watch-folder-model').textContent).toBe('tiny.en');
    expect(within(first).getByTestId('watch-folder-formats').textContent).toBe('txt');
    expect(within(first).getByTestId('watch-folder-out').textContent).toBe('beside each file');
    expect(within(first).getByTestId('watch-folder-settle').textContent).toBe('500 ms');

    // Add: the typed folder, the job parameters' defaults, SRT and TXT only, the output folder from the picker, 1.5 s.
    type('watch-path', inbox);
    fireEvent.click(screen.getByTestId('watch-format-vtt'));
    fireEvent.click(screen.getByTestId('watch-format-json'));
    host.picks.push([out]);
    fireEvent.click(screen.getByTestId('watch-pick-out'));
    await waitFor(() => expect((screen.getByTestId('watch-out') as HTMLInputElement).value).toBe(out));
    type('watch-settle', '1.5');
    fireEvent.click(screen.getByTestId('watch-add'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    const adds = host.calls.filter((c) => c.channel === 'watch.add').map((c) => c.input);
    expect(adds).toHaveLength(1);
    // What crossed the bridge: the form's choices, with the contract's defaults filled in by the client.
    expect(adds[0]).toMatchObject({ path: inbox, params: { language: 'auto', task: 'transcribe', formats: ['txt', 'srt'], outDir: out }, filters: {}, settleMs: 1500 });
    expect(adds[0]).not.toHaveProperty('params.model'); // the host's default model
    const added = rowOf(inbox);
    expect(within(added).getByTestId('watch-folder-active').dataset.active).toBe('true');
    expect(within(added).getByTestId('watch-folder-model').textContent).toBe('tiny.en');
    expect(within(added).getByTestId('watch-folder-formats').textContent).toBe('txt, srt');
    expect(within(added).getByTestId('watch-folder-out').textContent).toBe(out);
    expect(within(added).getByTestId('watch-folder-settle').textContent).toBe('1.5 s');
    expect((screen.getByTestId('watch-path') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('notice').textContent).toBe(`Watching ${inbox}`);
    expect((await host.earshot.watch.list()).map((w) => w.path)).toEqual([saved, inbox]);
    closeNotice();

    // Remove: watch.remove with the row's id; the row goes, and the host no longer has it.
    fireEvent.click(within(first).getByTestId('watch-folder-remove'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(host.calls.filter((c) => c.channel === 'watch.remove').map((c) => c.input)).toEqual([{ id: before.id }]);
    expect(rowOf(inbox)).toBeTruthy();
    expect((await host.earshot.watch.list()).map((w) => w.path)).toEqual([inbox]);

    // A folder the host refuses: its error shows as a notice, and the list stays as it was.
    const missing = path.join(root, 'no-such-folder');
    type('watch-path', missing);
    fireEvent.click(screen.getByTestId('watch-add'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe(`FILE_MISSING: ${missing}: no such folder`));
    expect(rows()).toHaveLength(1);
    expect((screen.getByTestId('watch-path') as HTMLInputElement).value).toBe(missing);
  });

  it('without a native picker offers only the text field; a folder removed elsewhere just goes from the list', async () => {
    const root = tempDir();
    const inbox = path.join(root, 'inbox');
    fs.mkdirSync(inbox);
    const host = await realHost(root, { picker: false });
    earshot = host.earshot;
    renderPanel(host.client, host.settings);
    await waitFor(() => expect(screen.getByTestId('watch-empty')).toBeTruthy());
    expect(screen.queryByTestId('watch-pick')).toBeNull();
    expect(screen.queryByTestId('watch-pick-out')).toBeNull();
    expect((screen.getByTestId('watch-add') as HTMLButtonElement).disabled).toBe(true);

    type('watch-path', inbox);
    fireEvent.click(screen.getByTestId('watch-add'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByTestId('notice').textContent).toBe(`Watching ${inbox}`);
    closeNotice();
    const [watch] = await host.earshot.watch.list();
    await host.earshot.watch.remove({ id: watch!.id });

    fireEvent.click(within(rowOf(inbox)).getByTestId('watch-folder-remove'));
    await waitFor(() => expect(screen.getByTestId('watch-empty')).toBeTruthy());
    expect(host.calls.filter((c) => c.channel === 'watch.remove').map((c) => c.input)).toEqual([{ id: watch!.id }]);
    expect(screen.queryByTestId('notice')).toBeNull(); // NOT_FOUND is not an error here
  });
});

describe('watch settle time', () => {
  it('reads seconds as ms within the contract, and shows ms or seconds', () => {
    expect(settleMsOf('2')).toBe(2000);
    expect(settleMsOf(' 0.25 ')).toBe(250);
    expect(settleMsOf('0')).toBe(0);
    expect(settleMsOf('600')).toBe(600_000);
    for (const bad of ['', '-1', 'abc', '601']) expect(settleMsOf(bad)).toBeNull();
    expect([formatSettle(500), formatSettle(2000), formatSettle(2500)]).toEqual(['500 ms', '2 s', '2.5 s']);
  });
});
