/**
 * A small seeded pseudo-random generator, so that every bootstrap interval, permutation
 * p-value and shuffled boot order can be reproduced exactly from the seed in the record.
 *
 * Algorithm: mulberry32 (Tommy Ettinger, 2017; public-domain 32-bit generator with a
 * Weyl-sequence state and an xorshift-multiply output mix). Hand-written because Math.random
 * cannot be seeded and the statistics here need only a fast, decent, 2^32-period stream;
 * it is not for cryptography.
 */

/** Returns a function yielding uniform floats in [0, 1), fully determined by seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4_294_967_296;
  };
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
