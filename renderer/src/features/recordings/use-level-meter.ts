import { useEffect, useState } from 'react';

/** Level updates per second pushed to React (the analyser runs every animation frame). */
const UPDATES_PER_SECOND = 15;

/**
 * Input level of `stream` in 0..1 (RMS of the time-domain signal through a Web Audio AnalyserNode, scaled so normal
 * speech reaches the upper half); 0 without a stream. Tears the audio graph down when the stream changes.
 */
export function useLevelMeter(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || typeof AudioContext === 'undefined') {
      setLevel(0);
      return;
    }
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    let last = 0;
    const loop = (t: number) => {
      frame = requestAnimationFrame(loop);
      if (t - last < 1000 / UPDATES_PER_SECOND) return;
      last = t;
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      setLevel(rmsToLevel(Math.sqrt(sum / samples.length)));
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void ctx.close();
    };
  }, [stream]);
  return level;
}

/** Maps an RMS amplitude (0..1) to a 0..1 meter reading on a dB scale from -60 dBFS (empty) to 0 dBFS (full). */
export function rmsToLevel(rms: number): number {
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}
