/**
 * PyTorch's CPU random number generator, bit for bit: the 32-bit Mersenne Twister (MT19937)
 * with PyTorch's seeding and its ways of turning 32-bit draws into floats and normals.
 * With the lecture's seed, the kit draws the lecture's numbers and samples the lecture's names.
 */

import { logFloat32, sinCosFloat32, sinCosFloat32Result } from "./avx2math.ts";
import { log, sinCos, sinCosResult } from "./libm.ts";

const N = 624;
const M = 397;

/** The 32-bit Mersenne Twister, as in the reference implementation by Matsumoto and Nishimura. */
export class MersenneTwister {
  private readonly state = new Uint32Array(N);
  private index = N;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** The standard initialisation: state[0] = seed, then state[i] = 1812433253 · (s ^ (s >>> 30)) + i. */
  seed(seed: number): void {
    this.state[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const previous = this.state[i - 1]! ^ (this.state[i - 1]! >>> 30);
      this.state[i] = (Math.imul(1812433253, previous) + i) >>> 0;
    }
    this.index = N;
  }

  /** Python's init_by_array: seeding from a list of 32-bit words. */
  seedByArray(key: readonly number[]): void {
    this.seed(19650218);
    const mt = this.state;
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const previous = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(previous, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const previous = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(previous, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = N;
  }

  private twist(): void {
    const mt = this.state;
    for (let i = 0; i < N; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % N]! & 0x7fffffff);
      mt[i] = mt[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** A PyTorch-compatible generator: `new Generator().manualSeed(2147483647)`. */
export class Generator {
  private readonly mt = new MersenneTwister(67280421310721 % 2 ** 32);
  /** Box–Muller makes normals in pairs; PyTorch keeps the second for the next scalar draw. */
  private cachedNormal: number | null = null;

  /** Like torch's manual_seed: the low 32 bits seed the twister; the cached normal is dropped. */
  manualSeed(seed: number | bigint): this {
    const low = Number(BigInt(seed) & 0xffffffffn);
    this.mt.seed(low);
    this.cachedNormal = null;
    return this;
  }

  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** A 64-bit draw: two 32-bit draws, the first as the high word (as a bigint). */
  nextUint64(): bigint {
    const high = BigInt(this.nextUint32());
    const low = BigInt(this.nextUint32());
    return (high << 32n) | low;
  }

  /** float32 uniform in [0, 1): the low 24 bits of one draw, times 2^-24. */
  uniformFloat32(): number {
    return (this.nextUint32() & 0xffffff) * 2 ** -24;
  }

  /** float64 uniform in [0, 1): the low 53 bits of a 64-bit draw, times 2^-53. */
  uniformFloat64(): number {
    const high = this.nextUint32();
    const low = this.nextUint32();
    // (high << 32 | low) & (2^53 - 1) = (high & 0x1fffff) · 2^32 + low
    return ((high & 0x1fffff) * 4294967296 + low) * 2 ** -53;
  }

  /** One standard normal in float64 (PyTorch's scalar path, used for fewer than 16 elements). */
  normalFloat64(): number {
    if (this.cachedNormal !== null) {
      const cached = this.cachedNormal;
      this.cachedNormal = null;
      return cached;
    }
    const u1 = this.uniformFloat64();
    const u2 = this.uniformFloat64();
    // the C library's log, sin and cos, correctly rounded as glibc's nearly always are
    const radius = Math.sqrt(-2 * log(1 - u2));
    sinCos(2 * Math.PI * u1);
    this.cachedNormal = radius * sinCosResult.sin;
    return radius * sinCosResult.cos;
  }

  /**
   * One exponential(1) draw in float64, -log(1 - u) from one float64 uniform: the per-element
   * recipe of PyTorch's plain CPU `exponential_` (its MKL and vectorised builds draw theirs
   * another way, so a tensor of these is PyTorch's algorithm, not always its bits).
   */
  exponentialFloat64(): number {
    return -Math.log1p(-this.uniformFloat64());
  }

  /**
   * Fills `out` with standard normals exactly as torch.randn does for a float32 tensor: the
   * scalar path below 16 elements; from 16, PyTorch's AVX2 kernel (the one x86 machines run):
   * float32 uniforms first, then Box–Muller on blocks of 16 (j with j + 8) in float32 lanes,
   * with avx_mathfun's float32 log and sin/cos (avx2math.ts), the tail redrawn (below).
   */
  fillNormalFloat32(out: Float32Array | Float64Array): void {
    const round = Math.fround;
    const twoPi = round(2 * Math.PI); // the kernel's 2π is a float32
    this.fillNormal(
      out,
      () => this.uniformFloat32(),
      (data, start) => {
        for (let j = start; j < start + 8; j++) {
          const radius = round(Math.sqrt(round(-2 * logFloat32(round(1 - data[j]!)))));
          sinCosFloat32(round(twoPi * data[j + 8]!));
          // "+ 0" is the kernel's fma(·, std, mean) with std 1 and mean 0: it turns -0 into 0.
          data[j] = round(radius * sinCosFloat32Result.cos) + 0;
          data[j + 8] = round(radius * sinCosFloat32Result.sin) + 0;
        }
      },
    );
  }

  /**
   * Fills `out` with standard normals exactly as torch.randn does for a float64 tensor: the
   * scalar path below 16 elements; from 16, PyTorch's normal_fill in double, with the C
   * library's log, sin and cos (libm.ts).
   */
  fillNormalFloat64(out: Float64Array): void {
    const twoPi = 2 * Math.PI;
    this.fillNormal(
      out,
      () => this.uniformFloat64(),
      (data, start) => {
        for (let j = start; j < start + 8; j++) {
          const radius = Math.sqrt(-2 * log(1 - data[j]!));
          sinCos(twoPi * data[j + 8]!);
          data[j] = radius * sinCosResult.cos + 0;
          data[j + 8] = radius * sinCosResult.sin + 0;
        }
      },
    );
  }

  /**
   * torch.randn's two paths: below 16 elements, scalar float64 normals; from 16, all n uniforms
   * first, then Box–Muller on each block of 16 (`transform`, pairing j with j + 8); where n is
   * not a multiple of 16, 16 fresh uniforms into the last 16 slots, transformed again.
   */
  private fillNormal<T extends Float32Array | Float64Array>(
    out: T,
    uniform: () => number,
    transform: (data: T, start: number) => void,
  ): void {
    const n = out.length;
    if (n < 16) {
      for (let i = 0; i < n; i++) out[i] = this.normalFloat64();
      return;
    }
    for (let i = 0; i < n; i++) out[i] = uniform();
    for (let start = 0; start + 16 <= n; start += 16) transform(out, start);
    if (n % 16 !== 0) {
      for (let i = n - 16; i < n; i++) out[i] = uniform();
      transform(out, n - 16);
    }
  }
}

/** The generator used when none is given, like torch's default generator. */
export const defaultGenerator = new Generator();

/** `torch.manual_seed(s)`: seeds the default generator (the one used without `{ generator }`). */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
