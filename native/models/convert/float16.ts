/**
 * IEEE 754 binary16 and bfloat16 conversions for the model converter.
 * Node 20 has no Float16Array, so these work on raw little-endian bytes.
 */

const F16_TO_F32 = buildF16Table();

/** Every one of the 65,536 half-precision bit patterns as a float32 (subnormals, ±Inf and NaN included). */
function buildF16Table(): Float32Array {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    let v: number;
    if (exp === 0) v = frac * 2 ** -24;
    else if (exp === 31) v = frac === 0 ? Infinity : NaN;
    else v = (1 + frac / 1024) * 2 ** (exp - 15);
    table[h] = sign * v;
  }
  return table;
}

/** Decodes little-endian f16 bytes (2 per value) into a new Float32Array. */
export function f16BytesToF32(src: Buffer): Float32Array {
  const n = src.length >> 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = F16_TO_F32[src[2 * i]! | (src[2 * i + 1]! << 8)]!;
  return out;
}

/** Decodes little-endian bfloat16 bytes: a bf16 is the top 16 bits of the f32 with the same value. */
export function bf16BytesToF32(src: Buffer): Float32Array {
  const n = src.length >> 1;
  const bits = new Uint32Array(n);
  for (let i = 0; i < n; i++) bits[i] = ((src[2 * i]! | (src[2 * i + 1]! << 8)) << 16) >>> 0;
  return new Float32Array(bits.buffer);
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** One float32 to its nearest binary16 bit pattern (round half to even; overflow to ±Inf; NaN kept). */
export function f32ToF16Bits(value: number): number {
  scratchF32[0] = value;
  const x = scratchU32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (r & 1))) r++;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and may reach Inf).
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1))) r++;
  return sign | r;
}

/** Encodes float32 values as little-endian f16 bytes (2 per value). */
export function f32ToF16Bytes(src: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(src.length * 2);
  for (let i = 0; i < src.length; i++) out.writeUInt16LE(f32ToF16Bits(src[i]!), 2 * i);
  return out;
}

/** Float32 values as little-endian bytes (a copy on big-endian hosts is not needed: Earshot targets LE hosts). */
export function f32ToBytes(src: Float32Array): Buffer {
  return Buffer.from(src.buffer, src.byteOffset, src.byteLength);
}

/** Little-endian f32 bytes viewed (copied when unaligned) as a Float32Array. */
export function bytesToF32(src: Buffer): Float32Array {
  if (src.byteOffset % 4 === 0) return new Float32Array(src.buffer, src.byteOffset, src.length >> 2);
  const copy = Buffer.alloc(src.length);
  src.copy(copy);
  return new Float32Array(copy.buffer, copy.byteOffset, copy.length >> 2);
}
