/**
 * A small seeded pseudo-random generator, so that every bootstrap interval, permutation
 * p-value and shuffled boot order can be reproduced exactly from the seed in the record.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, 2017; public-domain 32-bit generator with a
 * Weyl-sequence state and an xorshift-multiply output mix). Hand-written because Math.random
 * cannot be seeded and the statistics here need only a fast, decent, 2^32-period stream;
 * it is not for cryptography.
 */

/** mulberry32's state step: the state after `state` (a uint32). */
export function nextState(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/** mulberry32's output for a state: a uniform float in [0, 1). */
export function uniformOf(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 15), z | 1);
  z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
  return ((z ^ (z >>> 14)) >>> 0) / 4_294_967_296;
}

/**
 * The generator as an object, for the resampling loops. A loop that draws many values reads
 * `state` into a local, steps it with nextState/uniformOf and writes it back once: a uint32 kept
 * in an object field or a closure is boxed as a heap number on every store, which made the
 * generator most of a record's derivation time. Same stream as seededRandom(seed).
 */
export class SeededStream {
  state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A uniform float in [0, 1). */
  next(): number {
    this.state = nextState(this.state);
    return uniformOf(this.state);
  }
}

/** Returns a function yielding uniform floats in [0, 1), fully determined by seed. */
export function seededRandom(seed: number): () => number {
  const stream = new SeededStream(seed);
  return () => stream.next();
}

/** A uniform integer in [0, n). */
export function randomIndex(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates (Durstenfeld) shuffle of a copy of items. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A fresh seed for when the user gives none (recorded, so the run stays reproducible). */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
