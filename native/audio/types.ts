/** What ffprobe tells about an input file. Durations in ms. */
export interface MediaInfo {
  path: string;
  sizeBytes: number;
  durationMs: number;
  formatName: string;
  audioStreams: number;
  videoStreams: number;
}
