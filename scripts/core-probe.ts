// How much of its CPU core this process has at the moment: a loop of loads from a 4 KiB array
// (always in L1), timed for a few milliseconds, in ns per iteration.
//
// On the machine BENCHMARKS.md is measured on (a KVM guest), the decoder's speed halves for
// seconds at a time while a loop of dependent multiplications keeps its speed to within 3%. A
// loop of independent additions slows 1.3-1.9x then, and this loop of L1 loads 1.6-2x: the
// signature of another thread sharing the physical core (the host's other hyperthread), which
// takes half of the core's load and store units, not of a slower clock or slower memory. This
// loop is load-bound like the decoder, so its time says which moment a measurement fell in.
// Used by scripts/bench-loop.ts around each pass of the library loop.

const l1 = new Int32Array(1024).map((_, i) => i * 7);

function loads(n: number): number {
  let s = 0, t = 0;
  for (let i = 0; i < n; i++) {
    s = (s + l1[i & 1023]!) | 0;
    t = (t ^ l1[(i + 512) & 1023]!) | 0;
  }
  return s + t;
}

/** what the loops gave, kept so that no compiler can leave them out */
let sink = 0;
const CHUNK = 1 << 20;

/** ns per iteration of the L1 load loop over about `ms` milliseconds (the fastest of its chunks:
 *  the moment's speed, not a timer tick or an interrupt). */
export function probeCore(ms = 20): number {
  let best = Infinity;
  const end = performance.now() + ms;
  do {
    const t0 = performance.now();
    sink ^= loads(CHUNK);
    best = Math.min(best, ((performance.now() - t0) * 1e6) / CHUNK);
  } while (performance.now() < end);
  return best;
}

/** compiles the probe's loop (so the first probe times the same code as the later ones) */
export function warmProbe(): void {
  for (let i = 0; i < 20; i++) sink ^= loads(CHUNK >> 4);
  probeCore(5);
}
