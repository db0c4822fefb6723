#!/usr/bin/env node
// Builds Earshot's whisper.cpp Node addon from registry sources (see native/addon/CMakeLists.txt):
//   node native/addon/build.mjs                 the install-time build, tuned for this CPU (GGML_NATIVE=ON)
//   node native/addon/build.mjs --portable      the installer builds: one variant per CPU level (avx2, sse42)
//   node native/addon/build.mjs --variant avx2  one variant; --force rebuilds even when the stamp matches
// Each variant lands in native/addon/build/<variant>/ as earshot-whisper.node plus status.json, which says
// whether the build worked, why not, and what was checked (OpenMP really linked, AVX code really emitted).
// Run from `postinstall`: it never fails the install. Whatever goes wrong, it prints a loud warning naming
// the packages to install, records the reason in status.json, and exits 0; Earshot then runs the prebuilt
// (slow) addon and says so.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const BUILD_DIR = path.join(HERE, 'build');
const STATUS_VERSION = 1;
const INSTALL_HINT = 'build-essential cmake (Debian/Ubuntu: sudo apt-get install build-essential cmake; Fedora: sudo dnf install gcc-c++ make cmake)';

/**
 * CPU variants. `cmake` holds ggml's options; `features` is what the build enables, in /proc/cpuinfo's flag
 * names (native: the CPU's own flags, read at build time). The portable flags are the ones the engine issue
 * measured at 0.90x of -march=native.
 */
const VARIANTS = {
  native: { cmake: ['-DGGML_NATIVE=ON'], features: null, expectYmm: null },
  avx2: {
    cmake: ['-DGGML_NATIVE=OFF', '-DGGML_SSE42=ON', '-DGGML_AVX=ON', '-DGGML_AVX2=ON', '-DGGML_FMA=ON', '-DGGML_F16C=ON', '-DGGML_BMI2=ON'],
    features: ['sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'bmi2'],
    expectYmm: true,
  },
  sse42: {
    cmake: ['-DGGML_NATIVE=OFF', '-DGGML_SSE42=ON', '-DGGML_AVX=OFF', '-DGGML_AVX2=OFF', '-DGGML_FMA=OFF', '-DGGML_F16C=OFF', '-DGGML_BMI2=OFF'],
    features: ['sse4_2'],
    expectYmm: false,
  },
};

/** Flags from /proc/cpuinfo that ggml's x86 kernels use, in the order they are reported. */
const GGML_X86_FLAGS = ['sse4_2', 'avx', 'avx2', 'fma', 'f16c', 'bmi2', 'avx_vnni', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'avx512_bf16', 'amx_int8'];

function parseArgs(argv) {
  const opts = { variants: ['native'], force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') opts.force = true;
    else if (a === '--portable') opts.variants = ['avx2', 'sse42'];
    else if (a === '--variant') {
      const v = argv[++i];
      if (!v || !(v in VARIANTS)) throw new Error(`--variant takes one of ${Object.keys(VARIANTS).join(', ')}`);
      opts.variants = [v];
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
}

function which(cmd) {
  const r = run('sh', ['-c', `command -v ${cmd}`]);
  return r.status === 0 ? r.stdout.trim() : null;
}

function pkgDir(name) {
  const dir = path.join(ROOT, 'node_modules', ...name.split('/'));
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : null;
}

function pkgVersion(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

function cpuFlags() {
  try {
    const text = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const line = text.split('\n').find((l) => /^flags\s*:/.test(l));
    return line ? line.replace(/^flags\s*:\s*/, '').trim().split(/\s+/) : [];
  } catch {
    return [];
  }
}

/** Node's C headers (node_api.h): beside the running node, else the distribution's copy. Never downloaded. */
function nodeIncludeDir() {
  const candidates = [path.resolve(path.dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((d) => fs.existsSync(path.join(d, 'node_api.h'))) ?? null;
}

function whisperCppVersion(dir) {
  const m = /project\("whisper\.cpp" VERSION ([0-9.]+)\)/.exec(fs.readFileSync(path.join(dir, 'CMakeLists.txt'), 'utf8'));
  return m ? m[1] : 'unknown';
}

function hashFiles(hash, files) {
  for (const f of files) {
    hash.update(path.relative(ROOT, f));
    hash.update(fs.readFileSync(f));
  }
}

function listFiles(dir) {
  return fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile()).sort().map((n) => path.join(dir, n));
}

function loud(lines) {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n\n`);
}

function writeStatus(variantDir, status) {
  fs.mkdirSync(variantDir, { recursive: true });
  fs.writeFileSync(path.join(variantDir, 'status.json'), `${JSON.stringify({ version: STATUS_VERSION, ...status }, null, 2)}\n`);
}

function readStatus(variantDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(variantDir, 'status.json'), 'utf8'));
  } catch {
    return null;
  }
}

function fail(variant, variantDir, stage, reason, extra = {}) {
  writeStatus(variantDir, { ok: false, variant, stage, reason, install: INSTALL_HINT, builtAt: new Date().toISOString(), ...extra });
  loud([
    `Earshot: the fast whisper.cpp engine (${variant}) was NOT built: ${reason}`,
    'Transcription will use the prebuilt engine instead, which is about 10-15x slower.',
    ...(['tools', 'configure', 'compile'].includes(stage) ? [`To fix: install ${INSTALL_HINT},`] : []),
    'then run `npm run build:engine`. Details: native/addon/build/' + variant + '/status.json',
  ]);
}

function tail(text, n = 20) {
  return text.split('\n').filter(Boolean).slice(-n).join('\n');
}

function buildVariant(variant, force) {
  const spec = VARIANTS[variant];
  const variantDir = path.join(BUILD_DIR, variant);
  const started = Date.now();

  const tools = { cmake: which('cmake'), cc: which('gcc') ?? which('cc'), cxx: which('g++') ?? which('c++'), make: which('make') ?? which('ninja') };
  const missing = Object.entries(tools).filter(([, p]) => !p).map(([k]) => ({ cmake: 'cmake', cc: 'a C compiler (gcc)', cxx: 'a C++ compiler (g++)', make: 'make' })[k]);
  if (missing.length) return fail(variant, variantDir, 'tools', `${missing.join(', ')} not found`);

  const binding = pkgDir('@fugood/whisper.node');
  const nodejsWhisper = pkgDir('nodejs-whisper');
  const napi = pkgDir('node-addon-api');
  const nodeInclude = nodeIncludeDir();
  if (!binding) return fail(variant, variantDir, 'sources', '@fugood/whisper.node is not installed');
  if (!nodejsWhisper) return fail(variant, variantDir, 'sources', 'nodejs-whisper (the whisper.cpp sources) is not installed');
  if (!napi) return fail(variant, variantDir, 'sources', 'node-addon-api is not installed');
  if (!nodeInclude) return fail(variant, variantDir, 'sources', "Node's C headers (node_api.h) were not found beside node or in /usr/include/node (Debian: apt-get install libnode-dev)");
  const whisperDir = path.join(nodejsWhisper, 'cpp', 'whisper.cpp');
  if (!fs.existsSync(path.join(whisperDir, 'ggml', 'CMakeLists.txt'))) return fail(variant, variantDir, 'sources', `${whisperDir} is not a complete whisper.cpp tree`);

  const patches = listFiles(path.join(HERE, 'patches')).filter((f) => f.endsWith('.patch'));
  const compiler = run(tools.cxx, ['--version']).stdout.split('\n')[0] ?? 'unknown';
  const cmakeArgs = ['-DCMAKE_BUILD_TYPE=Release', `-DCMAKE_C_COMPILER=${tools.cc}`, `-DCMAKE_CXX_COMPILER=${tools.cxx}`, ...spec.cmake];
  const flags = cpuFlags();
  const features = spec.features ?? GGML_X86_FLAGS.filter((f) => flags.includes(f));

  const hash = createHash('sha256');
  hash.update(JSON.stringify({ STATUS_VERSION, variant, cmakeArgs, compiler, nodeInclude, features }));
  hash.update(`${pkgVersion(binding)} ${pkgVersion(nodejsWhisper)} ${pkgVersion(napi)}`);
  hashFiles(hash, [path.join(HERE, 'CMakeLists.txt'), fileURLToPath(import.meta.url), ...patches, ...listFiles(path.join(binding, 'src'))]);
  const stamp = hash.digest('hex').slice(0, 16);

  const addonPath = path.join(variantDir, 'earshot-whisper.node');
  const prior = readStatus(variantDir);
  if (!force && prior?.ok && prior.stamp === stamp && fs.existsSync(addonPath)) {
    process.stdout.write(`earshot: whisper.cpp engine (${variant}) is up to date (${addonPath})\n`);
    return;
  }

  process.stdout.write(`earshot: building the whisper.cpp engine (${variant}); this takes a few minutes on a small machine...\n`);
  const srcDir = path.join(variantDir, 'binding-src');
  fs.rmSync(srcDir, { recursive: true, force: true });
  fs.cpSync(path.join(binding, 'src'), srcDir, { recursive: true });
  for (const p of patches) {
    const r = which('patch') ? run('patch', ['-p2', '--forward', '--batch', '-d', srcDir, '-i', p]) : run('git', ['apply', '-p2', p], { cwd: srcDir });
    if (r.status !== 0) return fail(variant, variantDir, 'patch', `${path.basename(p)} does not apply to @fugood/whisper.node ${pkgVersion(binding)}: ${tail(r.stdout + r.stderr, 5)}`);
  }

  const cmakeDir = path.join(variantDir, 'cmake');
  const configure = run('cmake', [
    '-S', HERE, '-B', cmakeDir, ...cmakeArgs,
    `-DBINDING_SRC_DIR=${srcDir}`, `-DWHISPER_CPP_DIR=${whisperDir}`, `-DNODE_ADDON_API_DIR=${napi}`,
    `-DNODE_INCLUDE_DIR=${nodeInclude}`, `-DOUTPUT_DIR=${variantDir}`,
  ]);
  if (configure.status !== 0) return fail(variant, variantDir, 'configure', `cmake configure failed: ${tail(configure.stdout + configure.stderr)}`);
  const jobs = String(Math.max(1, os.availableParallelism()));
  const build = run('cmake', ['--build', cmakeDir, '--target', 'earshot_whisper', '-j', jobs]);
  if (build.status !== 0 || !fs.existsSync(addonPath)) return fail(variant, variantDir, 'compile', `compile failed: ${tail(build.stdout + build.stderr)}`);

  // What was really built: OpenMP's parallel entry point imported (threads work) and 256-bit AVX code emitted.
  const dyn = run('objdump', ['-T', addonPath]);
  const dis = dyn.status === 0 ? run('objdump', ['-d', '--no-show-raw-insn', addonPath]) : null;
  const checks = dyn.status === 0 && dis?.status === 0
    ? { objdump: true, gompParallel: /\bGOMP_parallel\b/.test(dyn.stdout), ymmInstructions: (dis.stdout.match(/%ymm/g) ?? []).length }
    : { objdump: false, gompParallel: null, ymmInstructions: null };
  const expectYmm = spec.expectYmm ?? features.includes('avx2');
  const problems = [];
  if (checks.gompParallel === false) problems.push('the addon does not import GOMP_parallel (OpenMP not linked: it would run on one thread)');
  if (checks.ymmInstructions !== null && expectYmm && checks.ymmInstructions === 0) problems.push('the addon has no ymm (AVX) instructions although this variant should');
  if (problems.length) return fail(variant, variantDir, 'verify', problems.join('; '), { checks });

  // Load it once in a fresh node: a link error shows up here, not in the first transcription.
  const load = run(process.execPath, ['-e', `const m=require(${JSON.stringify(addonPath)});if(typeof m.WhisperContext!=='function')process.exit(3)`]);
  if (load.status !== 0) return fail(variant, variantDir, 'load', `the built addon does not load: ${tail(load.stderr, 5)}`, { checks });

  writeStatus(variantDir, {
    ok: true,
    variant,
    stamp,
    path: path.relative(ROOT, addonPath),
    whisperCpp: whisperCppVersion(whisperDir),
    binding: `@fugood/whisper.node ${pkgVersion(binding)}`,
    patches: patches.map((p) => path.basename(p)),
    compiler,
    cmake: spec.cmake,
    cpuFeatures: features,
    checks,
    builtAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  });
  process.stdout.write(`earshot: built ${addonPath} in ${Math.round((Date.now() - started) / 1000)} s (OpenMP: ${checks.gompParallel}, ymm instructions: ${checks.ymmInstructions})\n`);
}

try {
  const opts = parseArgs(process.argv.slice(2));
  for (const v of opts.variants) {
    try {
      buildVariant(v, opts.force);
    } catch (err) {
      fail(v, path.join(BUILD_DIR, v), 'script', err instanceof Error ? err.message : String(err));
    }
  }
} catch (err) {
  loud([`Earshot: native/addon/build.mjs: ${err instanceof Error ? err.message : String(err)}`]);
}
process.exit(0);
