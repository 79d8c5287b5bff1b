/**
 * Python's `random` module, bit for bit, for what the lectures use: `random.seed(42)`,
 * `random.random()`, `random.shuffle(words)`. The split of names.txt into train, dev and test
 * depends on it, so the kit's split is the lecture's split.
 */
import { MersenneTwister } from "./random.ts";

export class PyRandom {
  private readonly mt = new MersenneTwister();

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** seed(n) for an integer n: init_by_array on |n|'s 32-bit words, least significant first. */
  seed(seed: number | bigint): void {
    let n = BigInt(seed);
    if (n < 0n) n = -n;
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) key.push(0);
    this.mt.seedByArray(key);
  }

  /** A float in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer with k random bits (k ≤ 53 here, enough for any list the kit shuffles). */
  getrandbits(k: number): number {
    if (k <= 32) return this.mt.nextUint32() >>> (32 - k);
    let result = 0;
    let factor = 1;
    for (let remaining = k; remaining > 0; remaining -= 32) {
      let word = this.mt.nextUint32();
      if (remaining < 32) word >>>= 32 - remaining;
      result += word * factor;
      factor *= 4294967296;
    }
    return result;
  }

  /** A uniform integer in [0, n): redraw bit_length(n) bits until the value is below n. */
  randbelow(n: number): number {
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** Shuffles in place, as random.shuffle does: from the end, swap i with randbelow(i + 1). */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
  }
}
