import type { Command } from 'commander';
import type { DoctorReport } from '../../shared/doctor.js';
import { parsePositiveInt } from '../options.js';
import { type OpenEarshot, globalFlags, withEarshot } from '../with-earshot.js';

interface DoctorCliOptions {
  dataDir?: string;
  json?: boolean;
  model?: string;
  audio?: string;
  threads?: number;
}

/**
 * `earshot doctor [--json]`: the engine build (compiled or prebuilt, whisper.cpp version, CPU features, threads),
 * the GPU back ends found or why not, ffmpeg/ffprobe, the data dir and its models, and a 5-second self-test
 * transcription with its real-time factor. Exits 0 when the self-test transcribed, 1 otherwise.
 */
export function registerDoctorCommand(program: Command, open: OpenEarshot): void {
  program
    .command('doctor')
    .description('show the engine build, GPU back ends, ffmpeg, models, and run a 5-second self-test transcription')
    .option('--json', 'print the report as JSON')
    .option('--model <name|path>', 'model for the self-test (default: the one transcribe would use)')
    .option('--audio <file>', 'speech file for the self-test (default: jfk.wav)')
    .option('--threads <n>', 'whisper.cpp threads', parsePositiveInt)
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<DoctorCliOptions>();
      const flags = { ...globalFlags(cmd), ...(opts.threads ? { threads: opts.threads } : {}) };
      await withEarshot(open, flags, async (e) => {
        const report = await e.doctor.run({ ...(opts.model ? { model: opts.model } : {}), ...(opts.audio ? { selfTestAudio: opts.audio } : {}) });
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        if (report.engine.warning && opts.json) process.stderr.write(`WARNING: ${report.engine.warning}\n`);
        process.exitCode = report.selfTest.ok ? 0 : 1;
      }, 2);
    });
}

function ms(n: number | null): string {
  return n === null ? '-' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

/** The report as text, one fact a line, the prebuilt warning boxed at the top. */
export function formatReport(r: DoctorReport): string {
  const out: string[] = [];
  if (r.engine.warning) out.push('!'.repeat(72), `!! WARNING: ${r.engine.warning}`, '!'.repeat(72), '');
  const e = r.engine;
  out.push('Engine');
  out.push(`  build          ${e.build ?? 'unknown (self-test did not run)'}${e.variant ? ` (${e.variant})` : ''}`);
  out.push(`  running        ${e.detail ?? '-'}`);
  out.push(`  whisper.cpp    ${e.whisperCpp ?? (e.build === 'prebuilt' ? 'prebuilt @fugood/node-whisper package' : '-')}`);
  out.push(`  CPU features   ${e.cpuFeatures.length ? e.cpuFeatures.join(' ') : 'none beyond SSE'} (CPU has: ${e.cpuFlags.join(' ') || '-'})`);
  out.push(`  threads        ${e.threads} (${e.threadSource})`);
  for (const c of e.compiled) {
    const checks = c.state === 'built' ? ` · OpenMP ${c.openmp === null ? '?' : c.openmp ? 'yes' : 'NO'} · ymm instructions ${c.ymmInstructions ?? '?'}` : '';
    out.push(`  compiled ${c.variant.padEnd(7)}${c.state}${c.reason ? `: ${c.reason}` : ''}${checks}`);
  }
  out.push('GPU');
  for (const g of r.gpus) out.push(`  ${g.backend.padEnd(14)} ${g.used ? 'used: ' : ''}${g.detail}`);
  out.push('Tools');
  out.push(`  ffmpeg         ${r.ffmpeg.version ?? `not working: ${r.ffmpeg.error}`} (${r.ffmpeg.path})`);
  out.push(`  ffprobe        ${r.ffprobe.version ?? `not working: ${r.ffprobe.error}`} (${r.ffprobe.path})`);
  out.push('Data');
  out.push(`  data dir       ${r.dataDir}`);
  if (r.models.length === 0) out.push('  models         none installed (earshot models download tiny.en)');
  for (const m of r.models) out.push(`  model          ${m.name}${m.isDefault ? ' (default)' : ''} ${m.path ?? ''}`);
  const s = r.selfTest;
  out.push('Self-test');
  if (s.ok) {
    out.push(`  ${ms(s.audioMs)} of ${s.audio} with ${s.model} on ${s.backend}: whisper ${ms(s.whisperMs)}, RTF ${s.rtf?.toFixed(3)}, wall ${ms(s.wallMs)}`);
    out.push(`  text           ${s.text}`);
  } else {
    out.push(`  FAILED: ${s.error}`);
  }
  return `${out.join('\n')}\n`;
}
