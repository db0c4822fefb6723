import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustedCall } from '../../../../../electron/services/_utils/call-context.js';
import { realMedia } from '../../../../../electron/services/earshot.js';
import type { MediaOps } from '../../../../../electron/services/jobs/job-runner.js';
import { testEarshot } from '../../../../helpers/earshot.js';
import { JFK_WAV, testModelPath } from '../../../../helpers/paths.js';
import { useTempDir } from '../../../../helpers/temp-dir.js';

const model = testModelPath();

/** The real media layer, counting ffprobe runs per file and noting whether each conversion got the probe result. */
function countingMedia(): { media: MediaOps; probes: Map<string, number>; conversions: Array<{ input: string; withInfo: boolean }> } {
  const probes = new Map<string, number>();
  const conversions: Array<{ input: string; withInfo: boolean }> = [];
  return {
    probes,
    conversions,
    media: {
      probeMedia: (file) => {
        probes.set(file, (probes.get(file) ?? 0) + 1);
        return realMedia.probeMedia(file);
      },
      convertToWav: (input, out, opts) => {
        conversions.push({ input, withInfo: opts?.info !== undefined });
        return realMedia.convertToWav(input, out, opts);
      },
      nextWindowEnd: realMedia.nextWindowEnd,
      detectSpeech: realMedia.detectSpeech,
    },
  };
}

describe.skipIf(!model)('one pass per job (issue 8)', () => {
  const tempDir = useTempDir('earshot-onepass-');

  it('probes its input once (the batch filter included), converts once with that probe, and never probes its fresh WAV', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'jfk.wav');
    fs.copyFileSync(JFK_WAV, input);
    const counting = countingMedia();
    const earshot = testEarshot(path.join(dir, 'data'), {}, { media: counting.media });
    try {
      // A duration filter makes the batch collection probe the file too.
      const { jobs } = await earshot.jobs.enqueue({ paths: [input], params: { model: model!, formats: ['txt'] }, filters: { minDurationMs: 1000 } }, trustedCall());
      await earshot.jobs.run([jobs[0]!.id]);
      expect(earshot.store.require(jobs[0]!.id).status).toBe('completed');
      const wav = path.join(earshot.paths.work, jobs[0]!.id, 'audio.wav');
      expect(Object.fromEntries(counting.probes)).toEqual({ [input]: 1 });
      expect(counting.probes.get(wav)).toBeUndefined();
      expect(counting.conversions).toEqual([{ input, withInfo: true }]);
    } finally {
      await earshot.close();
    }
  });
});
