import { useCallback, useEffect, useState } from 'react';

export interface AudioInput {
  deviceId: string;
  label: string;
}

/**
 * The microphones the browser reports (enumerateDevices, kind "audioinput"). Labels are empty until the user has
 * granted microphone access once, so callers `refresh()` after getUserMedia succeeds; unnamed devices get "Microphone N".
 */
export function useAudioInputs(): { inputs: AudioInput[]; refresh: () => void } {
  const [inputs, setInputs] = useState<AudioInput[]>([]);
  const refresh = useCallback(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    navigator.mediaDevices
      .enumerateDevices()
      .then((devices) =>
        setInputs(
          devices
            .filter((d) => d.kind === 'audioinput')
            .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` })),
        ),
      )
      .catch((err: unknown) => console.warn('earshot: could not list microphones', err));
  }, []);
  useEffect(() => {
    refresh();
    const md = navigator.mediaDevices;
    if (!md?.addEventListener) return;
    md.addEventListener('devicechange', refresh);
    return () => md.removeEventListener('devicechange', refresh);
  }, [refresh]);
  return { inputs, refresh };
}
