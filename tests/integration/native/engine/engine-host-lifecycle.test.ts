import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost, type EngineCrash } from '../../../../native/engine/engine-host.js';
import type { TranscribeWindowRequest } from '../../../../native/engine/types.js';
import { JFK_WAV } from '../../../helpers/paths.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { rejection } from '../../../helpers/rejection.js';

// The host process and its worker threads without whisper doing any work: these run with or without a model.
const tempDir = useTempDir('earshot-engine-');
const hosts: EngineHost[] = [];
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.stop();
});

function newHost(opts: ConstructorParameters<typeof EngineHost>[0] = {}): EngineHost {
  const host = new EngineHost(opts);
  hosts.push(host);
  return host;
}

function request(overrides: Partial<TranscribeWindowRequest> = {}): TranscribeWindowRequest {
  return { jobId: 'job-1', modelPath: '/nonexistent/ggml-none.bin', audioPath: JFK_WAV, offsetMs: 0, durationMs: 0, language: 'en', translate: false, ...overrides };
}


function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('EngineHost lifecycle', () => {
  it('starts a host process, and stop() ends it', async () => {
    const host = newHost();
    expect(host.hostPid).toBeNull();
    await host.start();
    const pid = host.hostPid!;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(isAlive(pid)).toBe(true);
    await host.stop();
    expect(host.hostPid).toBeNull();
    expect(isAlive(pid)).toBe(false);
  });

  it('rejects a missing or non-ggml model with MODEL_INVALID naming the file', async () => {
    const host = newHost();
    const missing = await rejection(host.transcribe(request()).promise);
    expect(missing.code).toBe('MODEL_INVALID');
    expect(missing.message).toContain('/nonexistent/ggml-none.bin');
    const fake = path.join(tempDir(), 'ggml-fake.bin');
    fs.writeFileSync(fake, 'definitely not a model');
    const bad = await rejection(host.transcribe(request({ modelPath: fake })).promise);
    expect(bad.code).toBe('MODEL_INVALID');
    expect(bad.message).toContain(fake);
  });

  it('a host killed with SIGKILL rejects its window with ENGINE_CRASHED and is replaced', async () => {
    const host = newHost();
    await host.start();
    const pid = host.hostPid!;
    const crashes: EngineCrash[] = [];
    host.on('crash', (c: EngineCrash) => crashes.push(c));
    const handle = host.transcribe(request());
    process.kill(pid, 'SIGKILL'); // before the host can even read the request
    const err = await rejection(handle.promise);
    expect(err.code).toBe('ENGINE_CRASHED');
    expect(err.message).toContain('SIGKILL');
    expect(crashes).toEqual([expect.objectContaining({ pid, signal: 'SIGKILL', reason: 'exited', inFlight: 1 })]);
    // The replacement answers requests.
    expect((await rejection(host.transcribe(request()).promise)).code).toBe('MODEL_INVALID');
    expect(host.restarts).toBe(1);
    expect(host.hostPid).not.toBe(pid);
  });

  it('a host that stops answering pings is killed; its window rejects with ENGINE_TIMEOUT', async () => {
    const host = newHost({ pingIntervalMs: 200, pingTimeoutMs: 1000 });
    await host.start();
    const pid = host.hostPid!;
    const handle = host.transcribe(request());
    process.kill(pid, 'SIGSTOP'); // frozen, as a host stuck in native code would be
    const err = await rejection(handle.promise);
    expect(err.code).toBe('ENGINE_TIMEOUT');
    expect(isAlive(pid)).toBe(false);
    expect((await rejection(host.transcribe(request()).promise)).code).toBe('MODEL_INVALID');
    expect(host.restarts).toBe(1);
  });

  it('cancel() of a window rejects it with CANCELLED', async () => {
    const host = newHost();
    await host.start();
    const handle = host.transcribe(request());
    handle.cancel();
    expect((await rejection(handle.promise)).code).toBe('CANCELLED');
  });

  it('stop() rejects windows still in flight with ENGINE_CRASHED (recoverable)', async () => {
    const host = newHost();
    const settled = rejection(host.transcribe(request()).promise);
    await host.stop();
    expect((await settled).code).toBe('ENGINE_CRASHED');
  });

  it('refuses an unknown backend preference', () => {
    expect(() => new EngineHost({ backend: 'metal' })).toThrow(/backend option is "metal"/);
  });
});
