import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EarshotError } from '../../../../electron/shared/errors.js';
import { JFK_WAV } from '../../../helpers/paths.js';

// Electron cannot run here: protocol and net are replaced (the one place a mock is acceptable); the audio itself is
// answered by the real @fastify/send from the real file.
const electron = vi.hoisted(() => ({
  protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() },
  net: { fetch: vi.fn() },
  session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() } } },
}));
vi.mock('electron', () => electron);

const { handleAppProtocol } = await import('../../../../electron/main/app-protocol.js');

describe('app: protocol serves a job\'s audio with HTTP Range (electron mocked)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-renderer-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const jobId = '0a1b2c3d-0000-4000-8000-000000000001';
  handleAppProtocol(root, async (id) => {
    if (id !== jobId) throw new EarshotError('NOT_FOUND', `no job with id ${id}`);
    return { file: JFK_WAV, mimeType: 'audio/wav' };
  });
  const handler = electron.protocol.handle.mock.calls[0]![1] as (req: Request) => Promise<Response>;
  const bytes = fs.readFileSync(JFK_WAV);

  it('answers a Range request with 206 and exactly those bytes; the whole file with 200', async () => {
    const res = await handler(new Request(`app://earshot/api/jobs/${jobId}/audio`, { headers: { range: 'bytes=1000-1999' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const whole = await handler(new Request(`app://earshot/api/jobs/${jobId}/audio`));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 404 for an unknown job and 416 for a range past the end', async () => {
    const unknown = await handler(new Request('app://earshot/api/jobs/0a1b2c3d-0000-4000-8000-000000000002/audio'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const past = await handler(new Request(`app://earshot/api/jobs/${jobId}/audio`, { headers: { range: `bytes=${bytes.length + 10}-` } }));
    expect(past.status).toBe(416);
  });
});
