/**
 * The media files Earshot picks up, declared once for every layer: the CLI's and the server's folder walk, the
 * native file picker's filter and the renderer's drop zone. ffmpeg reads all of these (audio, and the audio track of
 * the usual video containers); a file named directly is always tried whatever its extension.
 */
export const MEDIA_EXTENSIONS: readonly string[] = [
  '.wav', '.mp3', '.m4a', '.aac', '.flac', '.ogg', '.oga', '.opus', '.wma', '.aiff', '.aif', '.amr', '.webm', '.weba',
  '.mp4', '.m4v', '.mkv', '.mov', '.avi', '.wmv', '.flv', '.mpg', '.mpeg', '.ts', '.3gp',
];

const EXTENSIONS: ReadonlySet<string> = new Set(MEDIA_EXTENSIONS);

/** The extension of a file name or path, lower-case with its dot (`talk.MP3` -> `.mp3`), or '' when it has none. */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** Whether a file name (or path) has one of MEDIA_EXTENSIONS, case-insensitively. */
export function hasMediaExtension(name: string): boolean {
  return EXTENSIONS.has(extensionOf(name));
}
