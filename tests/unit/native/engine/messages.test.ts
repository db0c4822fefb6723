import { describe, expect, it } from 'vitest';
import { EarshotError } from '../../../../electron/shared/errors.js';
import { backendPreference } from '../../../../native/engine/backend.js';
import { FromHost, FromWorker, ToHost, fromWireError, parseMessage, toWireError } from '../../../../native/engine/messages.js';

const request = {
  jobId: 'j',
  modelPath: '/m/ggml-tiny.en.bin',
  audioPath: '/a/audio.wav',
  offsetMs: 0,
  durationMs: 120_000,
  language: 'auto',
  translate: false,
};

describe('engine wire protocol', () => {
  it('parses each message kind and keeps its sequence id', () => {
    expect(parseMessage(ToHost, { type: 'transcribe', seq: 7, request }, () => undefined)).toEqual({ type: 'transcribe', seq: 7, request });
    expect(parseMessage(ToHost, { type: 'cancel', seq: 7 }, () => undefined)).toEqual({ type: 'cancel', seq: 7 });
    const done = {
      type: 'done',
      seq: 7,
      result: { segments: [{ t0Ms: 0, t1Ms: 900, text: ' hi' }], language: 'en', backend: 'cpu', backendNote: null, backendDetail: 'cpu · avx2 · 2 threads', backendCpu: null, elapsedMs: 12, workerIndex: 0, contextLoads: 1, audioCtx: 384 },
    };
    expect(parseMessage(FromHost, done, () => undefined)).toEqual(done);
    expect(parseMessage(FromWorker, {
      type: 'backend',
      choice: {
        backend: 'cpu',
        note: 'cuda: x',
        cpu: { kind: 'compiled', variant: 'native', whisperCpp: '1.9.1', features: ['avx2'], reason: null },
        detail: 'cpu · avx2 · 2 threads',
      },
    }, () => undefined)).not.toBeNull();
  });

  it('drops malformed messages with a reason instead of throwing', () => {
    const reasons: string[] = [];
    const onInvalid = (why: string) => reasons.push(why);
    expect(parseMessage(ToHost, { type: 'transcribe', seq: -1, request }, onInvalid)).toBeNull();
    expect(parseMessage(ToHost, { type: 'explode' }, onInvalid)).toBeNull();
    expect(parseMessage(FromHost, 'garbage', onInvalid)).toBeNull();
    expect(parseMessage(FromHost, { type: 'progress', seq: 1, fraction: 1.5 }, onInvalid)).toBeNull();
    expect(reasons).toHaveLength(4);
    expect(reasons.every((r) => r.length > 0)).toBe(true);
  });

  it('carries errors across with their code and remote stack', () => {
    const wire = toWireError(new EarshotError('MODEL_INVALID', '/m/x.bin: not a whisper.cpp ggml model'));
    expect(wire.code).toBe('MODEL_INVALID');
    const back = fromWireError(wire);
    expect(back).toBeInstanceOf(EarshotError);
    expect(back.code).toBe('MODEL_INVALID');
    expect(back.message).toContain('/m/x.bin');
    expect((back.cause as Error).stack).toBe(wire.stack);
    expect(toWireError(new Error('whisper failed')).code).toBe('ENGINE_ERROR');
  });
});

describe('backendPreference', () => {
  it('takes the option (any case), else auto', () => {
    expect(backendPreference(undefined)).toBe('auto');
    expect(backendPreference('CPU')).toBe('cpu');
    expect(backendPreference(' vulkan ')).toBe('vulkan');
  });

  it('rejects unknown values with ENGINE_ERROR naming the source', () => {
    expect(() => backendPreference('metal')).toThrow(/backend option is "metal"/);
    const err = (() => {
      try {
        backendPreference('tpu');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect((err as EarshotError).code).toBe('ENGINE_ERROR');
  });
});
