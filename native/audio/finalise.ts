import fs from 'node:fs/promises';
import path from 'node:path';
import { ffmpegPath, lastLines, runTool, toolInput } from './tools.js';

/**
 * Rewrites a recording whose chunks were appended as they arrived into a well-formed file of the same container,
 * with the audio stream copied, not re-encoded. MediaRecorder streams WebM without a duration or cue index (ffprobe
 * reports `duration=N/A`), and a recording cut by a crash may end inside a cluster; ffmpeg's muxer writes the
 * duration and index, and the second attempt (`+genpts+discardcorrupt`, errors ignored) drops a torn last packet.
 *
 * The result goes to a temp file beside `file` and is renamed over it, so the original stays intact if ffmpeg fails.
 * Returns `{ ok: true }`, or `{ ok: false, reason }` with ffmpeg's last lines when neither attempt produced a file
 * (the raw file is then kept as it is; a job on it reports its own media error).
 */
export async function finaliseRecording(file: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const ext = path.extname(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file, ext)}.finalise${ext}`);
  const attempts: string[][] = [[], ['-fflags', '+genpts+discardcorrupt', '-err_detect', 'ignore_err']];
  let reason = 'ffmpeg did not run';
  for (const extra of attempts) {
    const run = await runTool(
      ffmpegPath(),
      ['-nostdin', '-v', 'error', '-y', ...extra, '-i', toolInput(file), '-map', '0:a', '-c', 'copy', toolInput(tmp)],
      { label: `${file}: finalise recording` },
    );
    const size = (await fs.stat(tmp).catch(() => null))?.size ?? 0;
    if (run.code === 0 && size > 0) {
      await fs.rename(tmp, file);
      return { ok: true };
    }
    reason = lastLines(run.stderr) || `ffmpeg exited with ${run.code ?? run.signal}`;
    await fs.rm(tmp, { force: true });
  }
  return { ok: false, reason };
}
