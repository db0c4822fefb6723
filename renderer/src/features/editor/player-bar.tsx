import { Alert, Box, Button, MenuItem, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { type RefObject, useEffect, useState } from 'react';
import { formatTimestamp } from '../../_utils/format.js';
import { SKIP_MS, SPEEDS } from './playback.js';
import { keepFocus } from './segment-row.js';
import type { Player } from './use-player.js';

/** The playhead's time, from the <audio> element's own timeupdate events (so the rest of the editor does not re-render). */
function Clock({ audioRef }: { audioRef: RefObject<HTMLAudioElement | null> }) {
  const [t, setT] = useState({ now: 0, total: 0 });
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const read = () => setT({ now: audio.currentTime * 1000, total: Number.isFinite(audio.duration) ? audio.duration * 1000 : 0 });
    const names = ['timeupdate', 'seeked', 'durationchange', 'loadedmetadata'] as const;
    names.forEach((n) => audio.addEventListener(n, read));
    read();
    return () => names.forEach((n) => audio.removeEventListener(n, read));
  }, [audioRef]);
  return (
    <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: '9em' }} data-testid="player-clock">
      {formatTimestamp(t.now)} / {formatTimestamp(t.total)}
    </Typography>
  );
}

/**
 * The editor's transport: previous segment, back 5 s, play/pause, forward 5 s, next segment, the speed (0.5x-2x),
 * the time, and the <audio> element itself (its own controls give the seek bar and volume). `src` is the job's
 * audio route; the element is rendered from the start so the player hook can attach to it.
 */
export function PlayerBar({ player, src, onSegment }: { player: Player; src: string; onSegment: (direction: -1 | 1) => void }) {
  const { audioRef, playing, rate, error } = player;
  return (
    <Stack spacing={1} sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <Tooltip title="Previous segment (↑)">
          <Button size="small" onMouseDown={keepFocus} onClick={() => onSegment(-1)} data-testid="player-prev">
            ↑ Prev
          </Button>
        </Tooltip>
        <Tooltip title="Back 5 s (←)">
          <Button size="small" onMouseDown={keepFocus} onClick={() => player.skip(-SKIP_MS)} data-testid="player-back">
            −5 s
          </Button>
        </Tooltip>
        <Tooltip title="Play or pause (Space)">
          <Button variant="contained" size="small" onMouseDown={keepFocus} onClick={player.toggle} data-testid="player-play" data-playing={playing ? 'true' : 'false'} sx={{ minWidth: '6em' }}>
            {playing ? 'Pause' : 'Play'}
          </Button>
        </Tooltip>
        <Tooltip title="Forward 5 s (→)">
          <Button size="small" onMouseDown={keepFocus} onClick={() => player.skip(SKIP_MS)} data-testid="player-forward">
            +5 s
          </Button>
        </Tooltip>
        <Tooltip title="Next segment (↓)">
          <Button size="small" onMouseDown={keepFocus} onClick={() => onSegment(1)} data-testid="player-next">
            ↓ Next
          </Button>
        </Tooltip>
        <TextField
          select
          size="small"
          label="Speed"
          value={rate}
          onChange={(e) => player.setRate(Number(e.target.value))}
          sx={{ width: '6.5em', ml: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'player-speed' } }}
        >
          {SPEEDS.map((s) => (
            <MenuItem key={s} value={s} data-testid={`player-speed-${s}`}>
              {s}×
            </MenuItem>
          ))}
        </TextField>
        <Box sx={{ flex: 1 }} />
        <Clock audioRef={audioRef} />
      </Stack>
      <audio ref={audioRef} src={src} preload="auto" controls data-testid="editor-audio" style={{ width: '100%', height: 36 }} />
      {error ? (
        <Alert severity="warning" data-testid="player-error">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
