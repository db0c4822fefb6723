"""faster-whisper (CTranslate2) int8 on one WAV: the reference point the engine is compared with in `npm run bench`.
Usage: python fw_transcribe.py MODEL_DIR WAV THREADS BEAM; prints one JSON line {"text", "ms"} (ms: transcription
alone, model load excluded)."""
import json
import sys
import time

from faster_whisper import WhisperModel

model_dir, wav, threads, beam = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
model = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=threads)
started = time.perf_counter()
segments, _ = model.transcribe(wav, language="en", beam_size=beam)
text = " ".join(s.text.strip() for s in segments)
print(json.dumps({"text": text, "ms": (time.perf_counter() - started) * 1000}))
