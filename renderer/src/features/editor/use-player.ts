import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type { Segment } from '../../../../electron/shared/jobs.js';
import { activeSegmentIndex, activeWordIndex, shownWords } from './playback.js';

/** The segment and word (-1: none) under the playhead. */
export interface Playhead {
  segment: number;
  word: number;
}

export interface Player {
  /** Attach to the editor's one <audio> element. */
  audioRef: RefObject<HTMLAudioElement | null>;
  playing: boolean;
  rate: number;
  playhead: Playhead;
  /** Why the audio cannot play (a missing file, a refused source), else null. */
  error: string | null;
  toggle(): void;
  /** Moves the playhead to `ms` (clamped to the audio), and starts playing when `play`. */
  seek(ms: number, play?: boolean): void;
  /** Moves the playhead by `deltaMs` (negative: back). */
  skip(deltaMs: number): void;
  setRate(rate: number): void;
}

function playheadAt(segments: readonly Segment[], ms: number): Playhead {
  const segment = activeSegmentIndex(segments, ms);
  const seg = segments[segment];
  const words = seg ? shownWords(seg) : null;
  return { segment, word: words ? activeWordIndex(words, ms) : -1 };
}

/**
 * The editor's player over an <audio> element: play/pause, seek, skip and speed, and the playhead (the segment and
 * word being spoken), read from `currentTime` on every animation frame while playing (timeupdate fires only about
 * four times a second, too coarse for words) and on every seek while paused. State changes only when the playhead
 * moves to another segment or word, so a playing editor re-renders a few times a second, not sixty.
 */
export function usePlayer(segments: readonly Segment[]): Player {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const [rate, setRateState] = useState(1);
  const [playhead, setPlayhead] = useState<Playhead>({ segment: -1, word: -1 });
  const [error, setError] = useState<string | null>(null);
  const segmentsRef = useRef(segments);
  segmentsRef.current = segments;

  const sync = useCallback(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const next = playheadAt(segmentsRef.current, audio.currentTime * 1000);
    setPlayhead((held) => (held.segment === next.segment && held.word === next.word ? held : next));
  }, []);

  // The transcript changed (an edit, split or merge): the playhead's indexes may now point elsewhere.
  useEffect(sync, [segments, sync]);

  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    let frame = 0;
    const loop = () => {
      sync();
      frame = requestAnimationFrame(loop);
    };
    const onPlay = () => {
      setPlaying(true);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(loop);
    };
    const onPause = () => {
      setPlaying(false);
      cancelAnimationFrame(frame);
      sync();
    };
    const onError = () => setError(audio.error ? `The audio cannot be played (${audio.error.message || `media error ${audio.error.code}`}).` : 'The audio cannot be played.');
    const onLoaded = () => setError(null);
    const onRate = () => setRateState(audio.playbackRate);
    const listeners: Array<[keyof HTMLMediaElementEventMap, () => void]> = [
      ['play', onPlay],
      ['pause', onPause],
      ['ended', onPause],
      ['seeked', sync],
      ['timeupdate', sync],
      ['error', onError],
      ['loadedmetadata', onLoaded],
      ['ratechange', onRate],
    ];
    for (const [event, handler] of listeners) audio.addEventListener(event, handler);
    if (!audio.paused) onPlay();
    return () => {
      cancelAnimationFrame(frame);
      for (const [event, handler] of listeners) audio.removeEventListener(event, handler);
    };
  }, [sync]);

  const play = useCallback((audio: HTMLAudioElement) => {
    audio.play().catch((err: unknown) => {
      // A pause() before play() resolved rejects with AbortError: that is the user's choice, not a failure.
      if (!(err instanceof DOMException && err.name === 'AbortError')) setError(`The audio cannot be played (${err instanceof Error ? err.message : String(err)}).`);
    });
  }, []);

  const seek = useCallback(
    (ms: number, andPlay = false) => {
      const audio = audioRef.current;
      if (!audio) return;
      const apply = () => {
        const end = Number.isFinite(audio.duration) ? audio.duration : Infinity;
        audio.currentTime = Math.min(Math.max(0, ms / 1000), end);
        sync();
        if (andPlay) play(audio);
      };
      // Before the metadata is in, a seek may be dropped: wait for it.
      if (audio.readyState === HTMLMediaElement.HAVE_NOTHING) audio.addEventListener('loadedmetadata', apply, { once: true });
      else apply();
    },
    [play, sync],
  );

  const toggle = useCallback(() => {
    const audio = audioRef.current;
    if (!audio) return;
    if (audio.paused) play(audio);
    else audio.pause();
  }, [play]);

  const skip = useCallback((deltaMs: number) => {
    const audio = audioRef.current;
    if (audio) seek(audio.currentTime * 1000 + deltaMs, !audio.paused);
  }, [seek]);

  const setRate = useCallback((r: number) => {
    const audio = audioRef.current;
    if (audio) {
      // The default too: loading the source again (a reconnect) resets playbackRate to it.
      audio.defaultPlaybackRate = r;
      audio.playbackRate = r;
    }
    setRateState(r);
  }, []);

  return { audioRef, playing, rate, playhead, error, toggle, seek, skip, setRate };
}
