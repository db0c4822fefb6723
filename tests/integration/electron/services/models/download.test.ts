import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../../electron/services/models/catalog.js';
import { ModelsService } from '../../../../../electron/services/models/models-service.js';
import { writeSyntheticGgml } from '../../../../helpers/models-synthetic.js';
import { testModelPath } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

/** How the local server answers the next requests. */
type Mode = 'ok' | 'cut' | '404' | '500';

let body: Buffer;
let server: http.Server;
let base: string;
/** The folder of the synthetic model served when the real one is not provisioned. */
let fixtureDir: string | undefined;
const tempDir = useTempDir('earshot-dl-');
let mode: Mode = 'ok';
const requests: { url: string; range: string | undefined }[] = [];

beforeAll(async () => {
  // Serve the real test model when it is provisioned (scripts/test-model), else a small structurally valid ggml file.
  const real = testModelPath();
  if (real) body = await readFile(real);
  else {
    fixtureDir = await mkdtemp(path.join(os.tmpdir(), 'earshot-dl-fx-'));
    const file = path.join(fixtureDir, 'synthetic.bin');
    await writeSyntheticGgml(file);
    body = await readFile(file);
  }
  server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range });
    if (mode === '404' || mode === '500') {
      res.writeHead(Number(mode), { 'content-type': 'text/plain' }).end('no');
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = m ? Number(m[1]) : 0;
    const headers: http.OutgoingHttpHeaders = { 'content-length': body.length - from, 'accept-ranges': 'bytes' };
    if (m) headers['content-range'] = `bytes ${from}-${body.length - 1}/${body.length}`;
    res.writeHead(m ? 206 : 200, headers);
    if (mode === 'cut') {
      // Half the file, flushed, then the connection dies.
      res.write(body.subarray(from, from + Math.floor((body.length - from) / 2)), () => setTimeout(() => res.socket?.destroy(), 50));
      return;
    }
    res.end(body.subarray(from));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
});

/** A one-model catalog pointing at the local server. */
function catalog(overrides: { sha256?: string; url?: string } = {}): Catalog {
  return {
    version: 1,
    baseUrl: base,
    models: [
      {
        name: 'test-tiny',
        file: 'ggml-test-tiny.bin',
        sizeBytes: body.length,
        sha256: overrides.sha256 ?? createHash('sha256').update(body).digest('hex'),
        sha1: createHash('sha1').update(body).digest('hex'),
        languages: 'en',
        family: 'tiny',
        quantization: 'f16',
        url: overrides.url ?? `${base}/ggml-test-tiny.bin`,
      },
    ],
  };
}

async function service(cat: Catalog, baseUrl: string | null = null): Promise<ModelsService> {
  const dataDir = tempDir();
  return new ModelsService({ modelsDir: path.join(dataDir, 'models'), dataDir, catalog: cat, baseUrl });
}

describe('ModelsService.download against a local HTTP server', () => {
  it('downloads, verifies and installs the whole file', async () => {
    mode = 'ok';
    requests.length = 0;
    const svc = await service(catalog());
    const seen: number[] = [];
    const r = await svc.download('test-tiny', { onProgress: (p) => seen.push(p.receivedBytes) });
    expect(r.origin).toBe('download');
    expect((await readFile(svc.fileFor('test-tiny'))).equals(body)).toBe(true);
    expect(existsSync(svc.fileFor('test-tiny') + '.part')).toBe(false);
    expect(requests).toEqual([{ url: '/ggml-test-tiny.bin', range: undefined }]);
    expect(seen.at(-1)).toBe(body.length);
    expect((await svc.download('test-tiny')).origin).toBe('existing');
  });

  it('resumes a download cut half way with an HTTP Range request', async () => {
    const svc = await service(catalog());
    mode = 'cut';
    requests.length = 0;
    await expect(svc.download('test-tiny')).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringContaining('run the same download again to resume') });
    expect(existsSync(svc.fileFor('test-tiny'))).toBe(false);
    const partial = (await stat(svc.fileFor('test-tiny') + '.part')).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(body.length);

    mode = 'ok';
    const r = await svc.download('test-tiny');
    expect(r.origin).toBe('download');
    expect(requests.map((q) => q.range)).toEqual([undefined, `bytes=${partial}-`]);
    expect((await readFile(svc.fileFor('test-tiny'))).equals(body)).toBe(true);
    expect(existsSync(svc.fileFor('test-tiny') + '.part')).toBe(false);
  });

  it('rejects a file whose checksum differs and leaves nothing behind', async () => {
    mode = 'ok';
    const svc = await service(catalog({ sha256: '0'.repeat(64) }));
    await expect(svc.download('test-tiny')).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH', message: expect.stringContaining('SHA-256') });
    expect(existsSync(svc.fileFor('test-tiny'))).toBe(false);
    expect(existsSync(svc.fileFor('test-tiny') + '.part')).toBe(false);
  });

  it.each(['404', '500'] as const)('reports HTTP %s clearly, naming the URL', async (status) => {
    mode = status;
    const svc = await service(catalog());
    await expect(svc.download('test-tiny')).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: expect.stringContaining(`${base}/ggml-test-tiny.bin: HTTP ${status}`),
    });
    expect(existsSync(svc.fileFor('test-tiny'))).toBe(false);
  });

  it('takes the download host from the configured model base URL ($EARSHOT_MODEL_BASE_URL)', async () => {
    mode = 'ok';
    requests.length = 0;
    const svc = await service(catalog({ url: 'https://huggingface.invalid/ggml-test-tiny.bin' }), `${base}/mirror/`);
    await svc.download('test-tiny');
    expect(requests.map((q) => q.url)).toEqual(['/mirror/ggml-test-tiny.bin']);
  });

  it('reports an unreachable host as DOWNLOAD_FAILED', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const svc = await service(catalog({ url: `http://127.0.0.1:${port}/ggml-test-tiny.bin` }));
    await expect(svc.download('test-tiny')).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });
});

describe('ModelsService.download cancellation', () => {
  it('stops on abort with CANCELLED and keeps the partial file for a later resume', async () => {
    mode = 'cut';
    const svc = await service(catalog());
    const controller = new AbortController();
    const p = svc.download('test-tiny', {
      signal: controller.signal,
      onProgress: (x) => x.receivedBytes > 0 && controller.abort(),
    });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(svc.fileFor('test-tiny'))).toBe(false);
    mode = 'ok';
    await svc.download('test-tiny');
    expect((await readFile(svc.fileFor('test-tiny'))).equals(body)).toBe(true);
  });
});
