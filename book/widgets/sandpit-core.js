// The Sandpit's landscapes and rules, in plain JavaScript: the same
// generator, formulas, minima search, game rules and automatic players as
// the Rust module `mvcalc::sandpit` (src/sandpit/), written operation for
// operation in the same order so that both give the same numbers.
// `xtask/browser/sandpit-agreement.mjs` checks that they do. The minima
// search (`search`, `refine`) keeps the shape of its Rust counterpart, long
// as it is, so that the two can be read side by side.
//
// No dependencies and no module syntax: it runs as a classic <script> in
// the browser (before book/widgets/sandpit.js; module scripts do not run
// from file:// pages) and under Node through `await import(path)`.
// Everything is on `globalThis.SandpitCore`.
//
// Depth readings are heights: the level of the sand in metres relative to the
// rim, negative below it, so the deepest point is the smallest reading and
// the gradient points uphill (downhill is minus the gradient).
(() => {
  "use strict";

  const PIT_SIZE = 6;
  const WIN_DISTANCE = 0.15;
  const GRADIENT_TOLERANCE = 1e-6;
  const GRID_POINTS = 121;
  const MAX_ATTEMPTS = 200;
  const SALTS = { random: 0x5eed0001, multiple: 0x5eed0002, hard: 0x5eed0003 };
  const KINDS = ["intro", "random", "multiple", "hard"];
  // The step size eta that steepest descent starts with on each kind of pit
  // (LandscapeKind::default_step in Rust): below 2 / (the sharpest
  // curvature at a minimum of the kind), except in a hard pit's narrow hole.
  const DEFAULT_STEP = { intro: 2, random: 0.5, multiple: 0.2, hard: 0.5 };

  // An error a reader can act on; `code` is "outside-pit" or "game-over",
  // and `details` become properties of the error.
  class SandpitError extends Error {
    constructor(code, message, details) {
      super(message);
      this.name = "SandpitError";
      this.code = code;
      Object.assign(this, details);
    }
  }

  function outsidePit(x, y) {
    return new SandpitError(
      "outside-pit",
      `(${x}, ${y}) is outside the sandpit, which spans 0..6 m in x and y: ` +
        "dip at a point with 0 <= x <= 6 and 0 <= y <= 6",
      { x, y },
    );
  }

  function inside(x, y) {
    return x >= 0 && x <= PIT_SIZE && y >= 0 && y <= PIT_SIZE;
  }

  function checkInside(x, y) {
    if (!inside(x, y)) throw outsidePit(x, y);
  }

  // mulberry32: 32-bit state, the same numbers as the Rust version.
  class Mulberry32 {
    constructor(seed) {
      this.state = seed >>> 0;
    }

    nextU32() {
      this.state = (this.state + 0x6d2b79f5) >>> 0;
      let t = this.state;
      t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
      t = (((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0) ^ t) >>> 0;
      return (t ^ (t >>> 14)) >>> 0;
    }

    unit() {
      return this.nextU32() / 4294967296;
    }

    uniform(lo, hi) {
      return lo + (hi - lo) * this.unit();
    }
  }

  function distance(ax, ay, bx, by) {
    const dx = bx - ax;
    const dy = by - ay;
    return Math.sqrt(dx * dx + dy * dy);
  }

  function clamp(v) {
    return Math.min(Math.max(v, 0), PIT_SIZE);
  }

  function onEdge(m) {
    return m.x <= 0 || m.x >= PIT_SIZE || m.y <= 0 || m.y >= PIT_SIZE;
  }

  // A landscape: tilt [tx, ty] and features {p, q, a, s}.
  class Landscape {
    constructor(kind, seed, tilt, bumps) {
      this.kind = kind;
      this.seed = seed;
      this.tilt = tilt;
      this.bumps = bumps;
      this.minima = [];
    }

    name() {
      const seed = this.seed === null ? 0 : this.seed;
      if (this.kind === "intro") return "introductory pit";
      if (this.kind === "random") return `random pit ${seed}`;
      if (this.kind === "multiple") return `pit with several hollows ${seed}`;
      return `hard pit ${seed}`;
    }

    depthAt(x, y) {
      let d = this.tilt[0] * (x - 3) + this.tilt[1] * (y - 3);
      for (const b of this.bumps) {
        const dx = x - b.p;
        const dy = y - b.q;
        d += b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
      }
      return d;
    }

    gradientAt(x, y) {
      let gx = this.tilt[0];
      let gy = this.tilt[1];
      for (const b of this.bumps) {
        const dx = x - b.p;
        const dy = y - b.q;
        const e = b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
        const k = e / (b.s * b.s);
        gx -= k * dx;
        gy -= k * dy;
      }
      return [gx, gy];
    }

    // [hxx, hxy, hyy]
    hessianAt(x, y) {
      let hxx = 0;
      let hxy = 0;
      let hyy = 0;
      for (const b of this.bumps) {
        const dx = x - b.p;
        const dy = y - b.q;
        const e = b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
        const s2 = b.s * b.s;
        const k = e / s2;
        hxx += k * ((dx * dx) / s2 - 1);
        hxy += k * ((dx * dy) / s2);
        hyy += k * ((dy * dy) / s2 - 1);
      }
      return [hxx, hxy, hyy];
    }

    // The checked versions throw a SandpitError outside the pit.
    depth(x, y) {
      checkInside(x, y);
      return this.depthAt(x, y);
    }

    gradient(x, y) {
      checkInside(x, y);
      return this.gradientAt(x, y);
    }

    hessian(x, y) {
      checkInside(x, y);
      return this.hessianAt(x, y);
    }

    // The unit downhill direction, or [0, 0] where the ground is level.
    downhill(x, y) {
      const g = this.gradient(x, y);
      const n = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
      return n > 0 ? [-g[0] / n, -g[1] / n] : [0, 0];
    }

    localMinima() {
      return this.minima.map((m) => ({ x: m.x, y: m.y, depth: m.depth }));
    }

    deepest() {
      const m = this.minima[0];
      return { x: m.x, y: m.y, depth: m.depth };
    }

    // The minima search: grid scan, refinement, verification, merging.
    search() {
      const n = GRID_POINTS;
      const at = (i) => (i * PIT_SIZE) / (n - 1);
      const grid = new Float64Array(n * n);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) grid[j * n + i] = this.depthAt(at(i), at(j));
      }
      let gridLowest = Infinity;
      let gridHighest = -Infinity;
      for (const v of grid) {
        gridLowest = Math.min(gridLowest, v);
        gridHighest = Math.max(gridHighest, v);
      }
      const found = [];
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const here = grid[j * n + i];
          let lowest = true;
          for (let nj = Math.max(j - 1, 0); nj <= Math.min(j + 1, n - 1); nj++) {
            for (let ni = Math.max(i - 1, 0); ni <= Math.min(i + 1, n - 1); ni++) {
              if (grid[nj * n + ni] < here) lowest = false;
            }
          }
          if (!lowest) continue;
          const [x, y] = this.refine(at(i), at(j));
          if (!this.verified(x, y)) continue;
          const m = { x, y, depth: this.depthAt(x, y) };
          const same = found.findIndex((f) => distance(f.x, f.y, x, y) <= 1e-4);
          if (same < 0) found.push(m);
          else if (m.depth < found[same].depth) found[same] = m;
        }
      }
      found.sort((a, b) => a.depth - b.depth || a.x - b.x || a.y - b.y);
      const minima = found.filter((m, i) => i === 0 || !onEdge(m));
      const consistent = minima.length > 0 && minima[0].depth <= gridLowest;
      return { minima, gridHighest, consistent };
    }

    refine(x, y) {
      let f = this.depthAt(x, y);
      for (let iter = 0; iter < 200; iter++) {
        const g = this.gradientAt(x, y);
        const [hxx, hxy, hyy] = this.hessianAt(x, y);
        const fixX = (x <= 0 && g[0] > 0) || (x >= PIT_SIZE && g[0] < 0);
        const fixY = (y <= 0 && g[1] > 0) || (y >= PIT_SIZE && g[1] < 0);
        const gx = fixX ? 0 : g[0];
        const gy = fixY ? 0 : g[1];
        const gnorm = Math.sqrt(gx * gx + gy * gy);
        if (gnorm === 0) break;
        const det = hxx * hyy - hxy * hxy;
        let newton = false;
        let px;
        let py;
        if (!fixX && !fixY) {
          if (hxx > 0 && det > 0) {
            px = -(hyy * gx - hxy * gy) / det;
            py = -(hxx * gy - hxy * gx) / det;
            newton = true;
          } else {
            px = -gx;
            py = -gy;
          }
        } else if (!fixX) {
          newton = hxx > 0;
          px = newton ? -gx / hxx : -gx;
          py = 0;
        } else if (!fixY) {
          newton = hyy > 0;
          px = 0;
          py = newton ? -gy / hyy : -gy;
        } else {
          break;
        }
        const len = Math.sqrt(px * px + py * py);
        if (len > 0.5) {
          px *= 0.5 / len;
          py *= 0.5 / len;
        }
        let t = 1;
        let moved = false;
        for (let half = 0; half < 60; half++) {
          const nx = clamp(x + t * px);
          const ny = clamp(y + t * py);
          const nf = this.depthAt(nx, ny);
          let polish = false;
          if (newton && t === 1 && len < 1e-4 && nf <= f + 1e-15 * (1 + Math.abs(f))) {
            const ng = this.gradientAt(nx, ny);
            polish = Math.sqrt(ng[0] * ng[0] + ng[1] * ng[1]) < 0.5 * gnorm;
          }
          if (nf < f || polish) {
            moved = nx !== x || ny !== y;
            x = nx;
            y = ny;
            f = nf;
            break;
          }
          t *= 0.5;
        }
        if (!moved) break;
      }
      return [x, y];
    }

    verified(x, y) {
      const FLAT = 1e-8;
      const g = this.gradientAt(x, y);
      const h = this.hessianAt(x, y);
      const edgeX = x <= 0 || x >= PIT_SIZE;
      const edgeY = y <= 0 || y >= PIT_SIZE;
      const outwardX = (x <= 0 && g[0] >= 0) || (x >= PIT_SIZE && g[0] <= 0);
      const outwardY = (y <= 0 && g[1] >= 0) || (y >= PIT_SIZE && g[1] <= 0);
      if (!edgeX && !edgeY) {
        return Math.sqrt(g[0] * g[0] + g[1] * g[1]) <= FLAT && h[0] > 0 && h[0] * h[2] - h[1] * h[1] > 0;
      }
      if (edgeX && !edgeY) return outwardX && Math.abs(g[1]) <= FLAT && h[2] > 0;
      if (!edgeX && edgeY) return outwardY && Math.abs(g[0]) <= FLAT && h[0] > 0;
      return outwardX && outwardY;
    }

    static intro() {
      return build("intro", null, [0, 0], [
        { p: 3.9, q: 2.4, a: -0.9, s: 1.5 },
        { p: 3.5, q: 2.8, a: -0.35, s: 2.2 },
      ]);
    }

    // The pit of kind "intro", "random", "multiple" or "hard" with a seed
    // (a 32-bit unsigned integer; ignored for "intro"). Also says how many
    // draws it took, as `attempts`.
    static of(kind, seed) {
      if (kind === "intro") return Landscape.intro();
      if (!(kind in SALTS)) {
        throw new Error(`unknown landscape "${kind}": use one of ${KINDS.join(", ")}`);
      }
      seed = seed >>> 0;
      const rng = new Mulberry32((seed ^ SALTS[kind]) >>> 0);
      const draw = DRAWS[kind];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const d = draw(rng);
        if (d.bumps === null) continue;
        const l = new Landscape(kind, seed, d.tilt, d.bumps);
        const s = l.search();
        if (playable(kind, s, d.hole)) {
          l.minima = s.minima;
          l.attempts = attempt;
          return l;
        }
      }
      const fallback = Landscape.intro();
      fallback.kind = kind;
      fallback.seed = seed;
      fallback.attempts = MAX_ATTEMPTS + 1;
      return fallback;
    }

    static random(seed) {
      return Landscape.of("random", seed);
    }

    static multipleMinima(seed) {
      return Landscape.of("multiple", seed);
    }

    static hard(seed) {
      return Landscape.of("hard", seed);
    }
  }

  function playable(kind, search, hole) {
    const minima = search.minima;
    if (minima.length === 0) return false;
    const deepest = minima[0];
    const margin = 0.4;
    if (
      !search.consistent ||
      deepest.x < margin ||
      deepest.x > PIT_SIZE - margin ||
      deepest.y < margin ||
      deepest.y > PIT_SIZE - margin ||
      search.gridHighest - deepest.depth < 0.4
    ) {
      return false;
    }
    for (let k = 1; k < minima.length; k++) {
      const m = minima[k];
      if (m.depth - deepest.depth < 0.05 || distance(deepest.x, deepest.y, m.x, m.y) < 0.5) return false;
      for (let o = 1; o < k; o++) {
        if (distance(minima[o].x, minima[o].y, m.x, m.y) < 0.4) return false;
      }
    }
    if (kind === "multiple") return minima.length >= 2;
    if (kind === "hard") {
      if (hole === null) return false;
      return (
        minima.length >= 2 &&
        distance(deepest.x, deepest.y, hole[0], hole[1]) <= 0.1 &&
        minima[1].depth - deepest.depth >= 0.1
      );
    }
    return true;
  }

  function apart(bumps, p, q, gap) {
    for (const b of bumps) {
      const dx = p - b.p;
      const dy = q - b.q;
      if (!(Math.sqrt(dx * dx + dy * dy) >= gap)) return false;
    }
    return true;
  }

  // The draws of each kind of pit: the calls to `rng` in the Rust order,
  // one statement each.
  function drawRandom(rng) {
    const tilt = [rng.uniform(-0.04, 0.04), rng.uniform(-0.04, 0.04)];
    const p0 = rng.uniform(1.2, 4.8);
    const q0 = rng.uniform(1.2, 4.8);
    const a0 = -rng.uniform(0.8, 1.3);
    const s0 = rng.uniform(0.7, 1.2);
    const bumps = [{ p: p0, q: q0, a: a0, s: s0 }];
    const extra = 2 + Math.floor(3 * rng.unit());
    for (let i = 0; i < extra; i++) {
      const p = rng.uniform(0.3, 5.7);
      const q = rng.uniform(0.3, 5.7);
      const sign = rng.unit() < 0.35 ? -1 : 1;
      const a = sign * rng.uniform(0.1, 0.35);
      const s = rng.uniform(0.5, 1.1);
      bumps.push({ p, q, a, s });
    }
    return { tilt, bumps, hole: null };
  }

  function drawMultiple(rng) {
    const tilt = [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)];
    const hollows = 3 + Math.floor(2 * rng.unit());
    const bumps = [];
    for (let i = 0; i < hollows; i++) {
      let place = null;
      for (let t = 0; t < 40; t++) {
        const p = rng.uniform(0.9, 5.1);
        const q = rng.uniform(0.9, 5.1);
        if (apart(bumps, p, q, 1.7)) {
          place = [p, q];
          break;
        }
      }
      const a = -rng.uniform(0.5, 1.1);
      const s = rng.uniform(0.35, 0.6);
      if (place !== null) bumps.push({ p: place[0], q: place[1], a, s });
    }
    const hills = 1 + Math.floor(2 * rng.unit());
    for (let i = 0; i < hills; i++) {
      const hp = rng.uniform(0.5, 5.5);
      const hq = rng.uniform(0.5, 5.5);
      const ha = rng.uniform(0.2, 0.5);
      const hs = rng.uniform(0.4, 0.8);
      bumps.push({ p: hp, q: hq, a: ha, s: hs });
    }
    return { tilt, bumps, hole: null };
  }

  function drawHard(rng) {
    const tilt = [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)];
    const broad = 4 + Math.floor(2 * rng.unit());
    const bumps = [];
    for (let i = 0; i < broad; i++) {
      const p = rng.uniform(0.8, 5.2);
      const q = rng.uniform(0.8, 5.2);
      const a = -rng.uniform(0.25, 0.45);
      const s = rng.uniform(0.8, 1.2);
      bumps.push({ p, q, a, s });
    }
    let hole = null;
    for (let t = 0; t < 60; t++) {
      const hp = rng.uniform(0.8, 5.2);
      const hq = rng.uniform(0.8, 5.2);
      if (apart(bumps, hp, hq, 1.1)) {
        hole = [hp, hq];
        break;
      }
    }
    const ha = -rng.uniform(0.75, 1.0);
    const hs = rng.uniform(0.15, 0.22);
    if (hole === null) return { tilt, bumps: null, hole: null };
    bumps.push({ p: hole[0], q: hole[1], a: ha, s: hs });
    return { tilt, bumps, hole };
  }

  const DRAWS = { random: drawRandom, multiple: drawMultiple, hard: drawHard };

  function build(kind, seed, tilt, bumps) {
    const l = new Landscape(kind, seed, tilt, bumps);
    l.minima = l.search().minima;
    return l;
  }

  // A game: mode is "gradient" or "depth-only".
  class Game {
    constructor(landscape, mode, maxDips) {
      this.landscape = landscape;
      this.mode = mode === "depth-only" ? "depth-only" : "gradient";
      this.maxDips = maxDips;
      this.dips = [];
    }

    hasWon() {
      const last = this.dips[this.dips.length - 1];
      return last !== undefined && last.outcome.kind === "won";
    }

    isOver() {
      return this.hasWon() || this.dips.length >= this.maxDips;
    }

    dipsLeft() {
      return this.hasWon() ? 0 : Math.max(this.maxDips - this.dips.length, 0);
    }

    // Returns {number, x, y, depth, gradient ([gx, gy] or null), outcome}
    // where outcome.kind is "continue", "won" (with dips), "local-minimum"
    // (with distanceToDeepest) or "out-of-dips"; throws a SandpitError
    // outside the pit or after the game is over.
    dip(x, y) {
      const won = this.hasWon();
      if (won || this.dips.length >= this.maxDips) {
        const n = this.dips.length;
        const message = won
          ? `the game is over: you found the deepest point in ${n} dips; start a new game to play again`
          : n === 0
            ? "this game allows no dips at all (its limit is 0): start a new game with a limit of at least 1"
            : `the game is over: all ${n} dips are used; start a new game to play again`;
        throw new SandpitError("game-over", message, { won, dips: n });
      }
      const depth = this.landscape.depth(x, y);
      const gradient = this.mode === "gradient" ? this.landscape.gradient(x, y) : null;
      const number = this.dips.length + 1;
      const minima = this.landscape.minima;
      const distanceToDeepest = distance(minima[0].x, minima[0].y, x, y);
      const nearOther = minima.slice(1).some((m) => distance(m.x, m.y, x, y) <= WIN_DISTANCE);
      let outcome;
      if (distanceToDeepest <= WIN_DISTANCE) outcome = { kind: "won", dips: number };
      else if (number === this.maxDips) outcome = { kind: "out-of-dips" };
      else if (nearOther) outcome = { kind: "local-minimum", distanceToDeepest };
      else outcome = { kind: "continue" };
      const dip = { number, x, y, depth, gradient, outcome };
      this.dips.push(dip);
      return dip;
    }
  }

  // The automatic players. Both return {path: [[x, y], ...], status} with
  // status "converged", "max-steps", "left-the-pit", "not-a-minimum" or
  // "invalid-input", exactly as the Rust versions.
  function stationary(l, p) {
    const g = l.gradientAt(p[0], p[1]);
    if (Math.sqrt(g[0] * g[0] + g[1] * g[1]) > GRADIENT_TOLERANCE) return null;
    const h = l.hessianAt(p[0], p[1]);
    return h[0] > 0 && h[0] * h[2] - h[1] * h[1] > 0 ? "converged" : "not-a-minimum";
  }

  function steepestDescent(l, start, step, maxSteps) {
    const path = [[start[0], start[1]]];
    if (!inside(start[0], start[1]) || !(isFinite(step) && step > 0)) {
      return { path, status: "invalid-input" };
    }
    let p = [start[0], start[1]];
    for (let k = 0; k < maxSteps; k++) {
      const status = stationary(l, p);
      if (status !== null) return { path, status };
      const g = l.gradientAt(p[0], p[1]);
      const next = [p[0] - step * g[0], p[1] - step * g[1]];
      if (!inside(next[0], next[1])) return { path, status: "left-the-pit" };
      p = next;
      path.push(p);
    }
    return { path, status: stationary(l, p) || "max-steps" };
  }

  function newton(l, start, maxSteps) {
    const path = [[start[0], start[1]]];
    if (!inside(start[0], start[1])) return { path, status: "invalid-input" };
    let p = [start[0], start[1]];
    for (let k = 0; k < maxSteps; k++) {
      const g = l.gradientAt(p[0], p[1]);
      const h = l.hessianAt(p[0], p[1]);
      const det = h[0] * h[2] - h[1] * h[1];
      if (!(h[0] > 0 && det > 0)) return { path, status: "not-a-minimum" };
      if (Math.sqrt(g[0] * g[0] + g[1] * g[1]) <= GRADIENT_TOLERANCE) {
        return { path, status: "converged" };
      }
      const dx = -(h[2] * g[0] - h[1] * g[1]) / det;
      const dy = -(h[0] * g[1] - h[1] * g[0]) / det;
      const next = [p[0] + dx, p[1] + dy];
      if (!inside(next[0], next[1])) return { path, status: "left-the-pit" };
      p = next;
      path.push(p);
    }
    return { path, status: stationary(l, p) || "max-steps" };
  }

  const STATUS_TEXT = {
    converged: "converged to the bottom of a hollow",
    "max-steps": "stopped at the step limit without converging",
    "left-the-pit": "stopped: the next step would leave the pit",
    "not-a-minimum": "stopped: not heading for a minimum (the Hessian is not positive definite)",
    "invalid-input": "did not start: the start must be inside the pit and the step positive",
  };

  globalThis.SandpitCore = {
    PIT_SIZE,
    WIN_DISTANCE,
    GRADIENT_TOLERANCE,
    GRID_POINTS,
    KINDS,
    DEFAULT_STEP,
    STATUS_TEXT,
    Mulberry32,
    Landscape,
    Game,
    steepestDescent,
    newton,
    inside,
  };
})();
