import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compiledVariantOrder,
  describeCpuBuild,
  featureLevel,
  loadCpuAddon,
  portableVariant,
  readCpuFlags,
  type CpuBuild,
} from '../../../../native/engine/addon.js';

// Flag sets as /proc/cpuinfo writes them, trimmed to what matters.
const HASWELL = 'fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx f16c fma avx2 bmi1 bmi2'.split(' ');
const SKYLAKE_X = [...HASWELL, 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni'];
const SANDY_BRIDGE = 'fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx'.split(' ');
const NEHALEM = 'fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt'.split(' ');
const CORE2 = 'fpu sse sse2 ssse3 sse4_1'.split(' ');
// Some VMs hide FMA or F16C while passing AVX2 through: the avx2 build would fault there.
const AVX2_NO_FMA = 'fpu sse sse2 sse4_2 avx f16c avx2'.split(' ');

describe('portable variant chooser', () => {
  it('picks avx2 where AVX2, FMA and F16C are all present (AVX-512 machines included)', () => {
    expect(portableVariant(HASWELL)).toBe('avx2');
    expect(portableVariant(SKYLAKE_X)).toBe('avx2');
  });

  it('picks sse42 on CPUs without AVX2, or with AVX2 but no FMA', () => {
    expect(portableVariant(SANDY_BRIDGE)).toBe('sse42');
    expect(portableVariant(NEHALEM)).toBe('sse42');
    expect(portableVariant(AVX2_NO_FMA)).toBe('sse42');
  });

  it('has no compiled variant for a CPU without SSE4.2 (only the prebuilt build runs there)', () => {
    expect(portableVariant(CORE2)).toBeNull();
    expect(compiledVariantOrder(CORE2)).toEqual(['native']);
  });

  it('tries the build made on this machine first, then the portable one', () => {
    expect(compiledVariantOrder(HASWELL)).toEqual(['native', 'avx2']);
    expect(compiledVariantOrder(NEHALEM)).toEqual(['native', 'sse42']);
  });

  it('reads the flags line of /proc/cpuinfo', () => {
    expect(readCpuFlags('processor\t: 0\nflags\t\t: fpu sse4_2 avx2\nbugs\t\t: spectre\n')).toEqual(['fpu', 'sse4_2', 'avx2']);
    expect(readCpuFlags('processor\t: 0\n')).toEqual([]);
  });
});

describe('describeCpuBuild', () => {
  const compiled = (features: string[]): CpuBuild => ({ kind: 'compiled', variant: 'native', whisperCpp: '1.9.1', features, reason: null });

  it('names the widest vector level and the threads', () => {
    expect(describeCpuBuild(compiled(['sse4_2', 'avx', 'avx2', 'fma', 'f16c']), 2)).toBe('cpu · avx2 · 2 threads');
    expect(describeCpuBuild(compiled(['avx2', 'avx512f']), 8)).toBe('cpu · avx512 · 8 threads');
    expect(describeCpuBuild(compiled(['sse4_2']), 1)).toBe('cpu · sse4.2 · 1 thread');
    expect(featureLevel([])).toBeNull();
  });

  it('says prebuilt, slow, and why', () => {
    const prebuilt: CpuBuild = { kind: 'prebuilt', variant: null, whisperCpp: null, features: [], reason: 'native: build failed at tools: cmake not found' };
    expect(describeCpuBuild(prebuilt, 2)).toBe('cpu (prebuilt, slow: native: build failed at tools: cmake not found) · 2 threads');
  });
});

describe('loadCpuAddon', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  /** A build folder whose native variant failed the way build.mjs records it. */
  function failedBuildDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-addon-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'native'));
    const status = { version: 1, ok: false, variant: 'native', stage: 'tools', reason: 'cmake not found', install: 'build-essential cmake' };
    fs.writeFileSync(path.join(dir, 'native', 'status.json'), JSON.stringify(status));
    return dir;
  }

  it('falls back to the prebuilt package with the recorded build failure and the packages to install', () => {
    const { addon, build } = loadCpuAddon('auto', failedBuildDir(), NEHALEM);
    expect(typeof addon.WhisperContext).toBe('function');
    expect(build.kind).toBe('prebuilt');
    expect(build.reason).toContain('native: build failed at tools: cmake not found; install build-essential cmake');
    // The portable variant the CPU could run is missing too, and says so.
    expect(build.reason).toMatch(/sse42: not built/);
  });

  it("'compiled' refuses to fall back, naming every reason", () => {
    expect(() => loadCpuAddon('compiled', failedBuildDir(), HASWELL)).toThrow(/no compiled whisper.cpp build loads: native: build failed .*; avx2: not built/);
  });

  it("'prebuilt' loads the package and says it was asked for", () => {
    const { build } = loadCpuAddon('prebuilt', null, HASWELL);
    expect(build).toMatchObject({ kind: 'prebuilt', reason: 'prebuilt engine requested (engine addon option)' });
  });

  it('with no build folder at all, says the engine was never built', () => {
    const { build } = loadCpuAddon('auto', null, CORE2);
    expect(build.reason).toMatch(/never built/);
  });
});
