/** What ffprobe tells about an input file. Durations in ms. */
export interface MediaInfo {
  path: string;
  sizeBytes: number;
  /** Container duration (ffprobe `format.duration`), ms; 0 when the container does not say. */
  durationMs: number;
  /** ffprobe's demuxer name(s), e.g. "wav", "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  audioStreams: number;
  videoStreams: number;
  /**
   * Declared duration of the first audio stream, ms: the stream's own duration, else its DURATION tag (Matroska),
   * else the container duration when there is no video; null when none of those is known.
   */
  audioDurationMs: number | null;
  /** The sample rate the first audio stream declares, Hz; null when ffprobe gives none (or 0). */
  sampleRate: number | null;
  /**
   * True when ffmpeg only estimated the duration from the bitrate ("Estimating duration from bitrate"),
   * e.g. a VBR MP3 without a Xing header: then the durations above are guesses, not declarations.
   */
  durationEstimated: boolean;
}
