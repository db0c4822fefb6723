import { Box, Button, Card, CardContent, FormControl, InputLabel, LinearProgress, MenuItem, Select, Stack, Typography } from '@mui/material';
import { formatClock } from './recorder-timer.js';
import type { AudioInput } from './use-audio-inputs.js';
import { useLevelMeter } from './use-level-meter.js';
import type { Recorder } from './use-recorder.js';

export interface RecorderPanelProps {
  recorder: Recorder;
  inputs: AudioInput[];
  deviceId: string;
  onDeviceChange: (deviceId: string) => void;
  disabled: boolean;
}

/**
 * Record / pause / resume / stop, the timer (hidden when idle; counts while recording; frozen while paused), the
 * input level and the microphone choice. Space toggles recording (see features/keyboard).
 */
export function RecorderPanel({ recorder, inputs, deviceId, onDeviceChange, disabled }: RecorderPanelProps) {
  const { phase } = recorder;
  const level = useLevelMeter(recorder.stream);
  const active = phase === 'recording' || phase === 'paused';
  return (
    <Card variant="outlined" component="section" aria-labelledby="recorder-title">
      <CardContent>
        <Stack spacing={2}>
          <Stack sx={{ alignItems: 'center', justifyContent: 'space-between' }} direction="row">
            <Typography id="recorder-title" variant="h6" component="h2">
              Recorder
            </Typography>
            {phase !== 'idle' && phase !== 'starting' && phase !== 'stopping' ? (
              <Stack sx={{ alignItems: 'center' }} direction="row" spacing={1}>
                <Box
                  aria-hidden
                  sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: phase === 'recording' ? 'error.main' : 'text.disabled' }}
                />
                <Typography
                  data-testid="recorder-timer"
                  data-phase={phase}
                  aria-label="Recording time"
                  variant="h5"
                  component="span"
                  sx={{ fontVariantNumeric: 'tabular-nums', minWidth: '3.5em', textAlign: 'right' }}
                >
                  {formatClock(recorder.elapsedMs)}
                </Typography>
                {phase === 'paused' ? (
                  <Typography variant="caption" color="text.secondary">
                    paused
                  </Typography>
                ) : null}
              </Stack>
            ) : null}
          </Stack>
          <FormControl size="small" disabled={disabled || phase !== 'idle'}>
            <InputLabel id="mic-label" shrink>
              Microphone
            </InputLabel>
            <Select labelId="mic-label" label="Microphone" notched value={inputs.some((i) => i.deviceId === deviceId) ? deviceId : ''} onChange={(e) => onDeviceChange(e.target.value)} displayEmpty inputProps={{ 'data-testid': 'mic-select' }} renderValue={(v) => inputs.find((i) => i.deviceId === v)?.label ?? 'System default'}>
              <MenuItem value="">System default</MenuItem>
              {inputs.map((i) => (
                <MenuItem key={i.deviceId} value={i.deviceId}>
                  {i.label}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <LinearProgress data-testid="level-meter" aria-label="Input level" variant="determinate" value={Math.round(level * 100)} color={level > 0.9 ? 'error' : 'success'} sx={{ height: 8, borderRadius: 1 }} />
          <Stack direction="row" spacing={1}>
            {!active ? (
              <Button variant="contained" color="error" onClick={recorder.start} disabled={disabled || phase !== 'idle'} data-testid="record-button">
                {phase === 'starting' ? 'Starting…' : phase === 'stopping' ? 'Saving…' : 'Record'}
              </Button>
            ) : (
              <>
                {phase === 'recording' ? (
                  <Button variant="outlined" onClick={recorder.pause} disabled={disabled} data-testid="pause-button">
                    Pause
                  </Button>
                ) : (
                  <Button variant="outlined" onClick={recorder.resume} disabled={disabled} data-testid="resume-button">
                    Resume
                  </Button>
                )}
                <Button variant="contained" onClick={recorder.stop} disabled={disabled} data-testid="stop-button">
                  Stop
                </Button>
              </>
            )}
          </Stack>
          <Typography variant="caption" color="text.secondary">
            Space starts and stops recording. Each second of audio is saved as it arrives.
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}
