// The Sandpit's landscapes and rules, in plain JavaScript: the same
// generator, formulas, minima search, game rules and automatic players as
// the Rust module `mvcalc::sandpit` (src/sandpit/), written operation for
// operation in the same order so that both give the same numbers.
// `xtask/browser/sandpit-agreement.mjs` checks that they do.
//
// No dependencies and no module syntax: it runs as a classic <script> in
// the browser (before book/widgets/sandpit.js) and under Node through
// `await import(path)`. Everything is on `globalThis.SandpitCore`.
//
// Depth readings are heights: the level of the sand in metres relative to the
// rim, negative below it, so the deepest point is the smallest reading and
// the gradient points uphill (downhill is minus the gradient).
(function () {
  "use strict";

  var PIT_SIZE = 6;
  var WIN_DISTANCE = 0.15;
  var GRADIENT_TOLERANCE = 1e-6;
  var GRID_POINTS = 121;
  var MAX_ATTEMPTS = 200;
  var SALTS = { random: 0x5eed0001, multiple: 0x5eed0002, hard: 0x5eed0003 };
  var KINDS = ["intro", "random", "multiple", "hard"];
  // The step size eta that steepest descent starts with on each kind of pit
  // (LandscapeKind::default_step in Rust): below 2 / (the sharpest
  // curvature at a minimum of the kind), except in a hard pit's narrow hole.
  var DEFAULT_STEP = { intro: 2, random: 0.5, multiple: 0.2, hard: 0.5 };

  // An error a reader can act on; `code` is "outside-pit" or "game-over".
  function SandpitError(code, message, details) {
    var e = new Error(message);
    e.name = "SandpitError";
    e.code = code;
    for (var k in details) e[k] = details[k];
    return e;
  }

  function outsidePit(x, y) {
    return SandpitError(
      "outside-pit",
      "(" + x + ", " + y + ") is outside the sandpit, which spans 0..6 m in x and y: " +
        "dip at a point with 0 <= x <= 6 and 0 <= y <= 6",
      { x: x, y: y }
    );
  }

  function inside(x, y) {
    return x >= 0 && x <= PIT_SIZE && y >= 0 && y <= PIT_SIZE;
  }

  function checkInside(x, y) {
    if (!inside(x, y)) throw outsidePit(x, y);
  }

  // mulberry32: 32-bit state, the same numbers as the Rust version.
  function Mulberry32(seed) {
    this.state = seed >>> 0;
  }
  Mulberry32.prototype.nextU32 = function () {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    var t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0) ^ t) >>> 0;
    return (t ^ (t >>> 14)) >>> 0;
  };
  Mulberry32.prototype.unit = function () {
    return this.nextU32() / 4294967296;
  };
  Mulberry32.prototype.uniform = function (lo, hi) {
    return lo + (hi - lo) * this.unit();
  };

  function distance(ax, ay, bx, by) {
    var dx = bx - ax;
    var dy = by - ay;
    return Math.sqrt(dx * dx + dy * dy);
  }

  function clamp(v) {
    return Math.min(Math.max(v, 0), PIT_SIZE);
  }

  function onEdge(m) {
    return m.x <= 0 || m.x >= PIT_SIZE || m.y <= 0 || m.y >= PIT_SIZE;
  }

  // A landscape: tilt [tx, ty] and features {p, q, a, s}.
  function Landscape(kind, seed, tilt, bumps) {
    this.kind = kind;
    this.seed = seed;
    this.tilt = tilt;
    this.bumps = bumps;
    this.minima = [];
  }

  Landscape.prototype.name = function () {
    var seed = this.seed === null ? 0 : this.seed;
    if (this.kind === "intro") return "introductory pit";
    if (this.kind === "random") return "random pit " + seed;
    if (this.kind === "multiple") return "pit with several hollows " + seed;
    return "hard pit " + seed;
  };

  Landscape.prototype.depthAt = function (x, y) {
    var d = this.tilt[0] * (x - 3) + this.tilt[1] * (y - 3);
    for (var i = 0; i < this.bumps.length; i++) {
      var b = this.bumps[i];
      var dx = x - b.p;
      var dy = y - b.q;
      d += b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
    }
    return d;
  };

  Landscape.prototype.gradientAt = function (x, y) {
    var gx = this.tilt[0];
    var gy = this.tilt[1];
    for (var i = 0; i < this.bumps.length; i++) {
      var b = this.bumps[i];
      var dx = x - b.p;
      var dy = y - b.q;
      var e = b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
      var k = e / (b.s * b.s);
      gx -= k * dx;
      gy -= k * dy;
    }
    return [gx, gy];
  };

  // [hxx, hxy, hyy]
  Landscape.prototype.hessianAt = function (x, y) {
    var hxx = 0;
    var hxy = 0;
    var hyy = 0;
    for (var i = 0; i < this.bumps.length; i++) {
      var b = this.bumps[i];
      var dx = x - b.p;
      var dy = y - b.q;
      var e = b.a * Math.exp(-(dx * dx + dy * dy) / (2 * b.s * b.s));
      var s2 = b.s * b.s;
      var k = e / s2;
      hxx += k * ((dx * dx) / s2 - 1);
      hxy += k * ((dx * dy) / s2);
      hyy += k * ((dy * dy) / s2 - 1);
    }
    return [hxx, hxy, hyy];
  };

  // The checked versions throw a SandpitError outside the pit.
  Landscape.prototype.depth = function (x, y) {
    checkInside(x, y);
    return this.depthAt(x, y);
  };
  Landscape.prototype.gradient = function (x, y) {
    checkInside(x, y);
    return this.gradientAt(x, y);
  };
  Landscape.prototype.hessian = function (x, y) {
    checkInside(x, y);
    return this.hessianAt(x, y);
  };
  // The unit downhill direction, or [0, 0] where the ground is level.
  Landscape.prototype.downhill = function (x, y) {
    var g = this.gradient(x, y);
    var n = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
    return n > 0 ? [-g[0] / n, -g[1] / n] : [0, 0];
  };
  Landscape.prototype.localMinima = function () {
    return this.minima.map(function (m) {
      return { x: m.x, y: m.y, depth: m.depth };
    });
  };
  Landscape.prototype.deepest = function () {
    var m = this.minima[0];
    return { x: m.x, y: m.y, depth: m.depth };
  };

  // The minima search: grid scan, refinement, verification, merging.
  Landscape.prototype.search = function () {
    var n = GRID_POINTS;
    var at = function (i) {
      return (i * PIT_SIZE) / (n - 1);
    };
    var grid = new Float64Array(n * n);
    var i, j;
    for (j = 0; j < n; j++) {
      for (i = 0; i < n; i++) grid[j * n + i] = this.depthAt(at(i), at(j));
    }
    var gridLowest = Infinity;
    var gridHighest = -Infinity;
    for (i = 0; i < grid.length; i++) {
      gridLowest = Math.min(gridLowest, grid[i]);
      gridHighest = Math.max(gridHighest, grid[i]);
    }
    var found = [];
    for (j = 0; j < n; j++) {
      for (i = 0; i < n; i++) {
        var here = grid[j * n + i];
        var lowest = true;
        for (var nj = Math.max(j - 1, 0); nj <= Math.min(j + 1, n - 1); nj++) {
          for (var ni = Math.max(i - 1, 0); ni <= Math.min(i + 1, n - 1); ni++) {
            if (grid[nj * n + ni] < here) lowest = false;
          }
        }
        if (!lowest) continue;
        var r = this.refine(at(i), at(j));
        var x = r[0];
        var y = r[1];
        if (!this.verified(x, y)) continue;
        var m = { x: x, y: y, depth: this.depthAt(x, y) };
        var same = null;
        for (var k = 0; k < found.length; k++) {
          if (distance(found[k].x, found[k].y, x, y) <= 1e-4) {
            same = k;
            break;
          }
        }
        if (same === null) found.push(m);
        else if (m.depth < found[same].depth) found[same] = m;
      }
    }
    found.sort(function (a, b) {
      return a.depth - b.depth || a.x - b.x || a.y - b.y;
    });
    var minima = [];
    for (i = 0; i < found.length; i++) {
      if (i === 0 || !onEdge(found[i])) minima.push(found[i]);
    }
    var consistent = minima.length > 0 && minima[0].depth <= gridLowest;
    return { minima: minima, gridHighest: gridHighest, consistent: consistent };
  };

  Landscape.prototype.refine = function (x, y) {
    var f = this.depthAt(x, y);
    for (var iter = 0; iter < 200; iter++) {
      var g = this.gradientAt(x, y);
      var h = this.hessianAt(x, y);
      var hxx = h[0];
      var hxy = h[1];
      var hyy = h[2];
      var fixX = (x <= 0 && g[0] > 0) || (x >= PIT_SIZE && g[0] < 0);
      var fixY = (y <= 0 && g[1] > 0) || (y >= PIT_SIZE && g[1] < 0);
      var gx = fixX ? 0 : g[0];
      var gy = fixY ? 0 : g[1];
      var gnorm = Math.sqrt(gx * gx + gy * gy);
      if (gnorm === 0) break;
      var det = hxx * hyy - hxy * hxy;
      var newton = false;
      var px, py;
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
      var len = Math.sqrt(px * px + py * py);
      if (len > 0.5) {
        px *= 0.5 / len;
        py *= 0.5 / len;
      }
      var t = 1;
      var moved = false;
      for (var half = 0; half < 60; half++) {
        var nx = clamp(x + t * px);
        var ny = clamp(y + t * py);
        var nf = this.depthAt(nx, ny);
        var polish = false;
        if (newton && t === 1 && len < 1e-4 && nf <= f + 1e-15 * (1 + Math.abs(f))) {
          var ng = this.gradientAt(nx, ny);
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
  };

  Landscape.prototype.verified = function (x, y) {
    var FLAT = 1e-8;
    var g = this.gradientAt(x, y);
    var h = this.hessianAt(x, y);
    var edgeX = x <= 0 || x >= PIT_SIZE;
    var edgeY = y <= 0 || y >= PIT_SIZE;
    var outwardX = (x <= 0 && g[0] >= 0) || (x >= PIT_SIZE && g[0] <= 0);
    var outwardY = (y <= 0 && g[1] >= 0) || (y >= PIT_SIZE && g[1] <= 0);
    if (!edgeX && !edgeY) {
      return Math.sqrt(g[0] * g[0] + g[1] * g[1]) <= FLAT && h[0] > 0 && h[0] * h[2] - h[1] * h[1] > 0;
    }
    if (edgeX && !edgeY) return outwardX && Math.abs(g[1]) <= FLAT && h[2] > 0;
    if (!edgeX && edgeY) return outwardY && Math.abs(g[0]) <= FLAT && h[0] > 0;
    return outwardX && outwardY;
  };

  function playable(kind, search, hole) {
    var minima = search.minima;
    if (minima.length === 0) return false;
    var deepest = minima[0];
    var margin = 0.4;
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
    for (var k = 1; k < minima.length; k++) {
      var m = minima[k];
      if (m.depth - deepest.depth < 0.05 || distance(deepest.x, deepest.y, m.x, m.y) < 0.5) return false;
      for (var o = 1; o < k; o++) {
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
    for (var i = 0; i < bumps.length; i++) {
      var dx = p - bumps[i].p;
      var dy = q - bumps[i].q;
      if (!(Math.sqrt(dx * dx + dy * dy) >= gap)) return false;
    }
    return true;
  }

  function drawRandom(rng) {
    var tilt = [rng.uniform(-0.04, 0.04), rng.uniform(-0.04, 0.04)];
    var p0 = rng.uniform(1.2, 4.8);
    var q0 = rng.uniform(1.2, 4.8);
    var a0 = -rng.uniform(0.8, 1.3);
    var s0 = rng.uniform(0.7, 1.2);
    var bumps = [{ p: p0, q: q0, a: a0, s: s0 }];
    var extra = 2 + Math.floor(3 * rng.unit());
    for (var i = 0; i < extra; i++) {
      var p = rng.uniform(0.3, 5.7);
      var q = rng.uniform(0.3, 5.7);
      var sign = rng.unit() < 0.35 ? -1 : 1;
      var a = sign * rng.uniform(0.1, 0.35);
      var s = rng.uniform(0.5, 1.1);
      bumps.push({ p: p, q: q, a: a, s: s });
    }
    return { tilt: tilt, bumps: bumps, hole: null };
  }

  function drawMultiple(rng) {
    var tilt = [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)];
    var hollows = 3 + Math.floor(2 * rng.unit());
    var bumps = [];
    var i;
    for (i = 0; i < hollows; i++) {
      var place = null;
      for (var t = 0; t < 40; t++) {
        var p = rng.uniform(0.9, 5.1);
        var q = rng.uniform(0.9, 5.1);
        if (apart(bumps, p, q, 1.7)) {
          place = [p, q];
          break;
        }
      }
      var a = -rng.uniform(0.5, 1.1);
      var s = rng.uniform(0.35, 0.6);
      if (place !== null) bumps.push({ p: place[0], q: place[1], a: a, s: s });
    }
    var hills = 1 + Math.floor(2 * rng.unit());
    for (i = 0; i < hills; i++) {
      var hp = rng.uniform(0.5, 5.5);
      var hq = rng.uniform(0.5, 5.5);
      var ha = rng.uniform(0.2, 0.5);
      var hs = rng.uniform(0.4, 0.8);
      bumps.push({ p: hp, q: hq, a: ha, s: hs });
    }
    return { tilt: tilt, bumps: bumps, hole: null };
  }

  function drawHard(rng) {
    var tilt = [rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)];
    var broad = 4 + Math.floor(2 * rng.unit());
    var bumps = [];
    for (var i = 0; i < broad; i++) {
      var p = rng.uniform(0.8, 5.2);
      var q = rng.uniform(0.8, 5.2);
      var a = -rng.uniform(0.25, 0.45);
      var s = rng.uniform(0.8, 1.2);
      bumps.push({ p: p, q: q, a: a, s: s });
    }
    var hole = null;
    for (var t = 0; t < 60; t++) {
      var hp = rng.uniform(0.8, 5.2);
      var hq = rng.uniform(0.8, 5.2);
      if (apart(bumps, hp, hq, 1.1)) {
        hole = [hp, hq];
        break;
      }
    }
    var ha = -rng.uniform(0.75, 1.0);
    var hs = rng.uniform(0.15, 0.22);
    if (hole === null) return { tilt: tilt, bumps: null, hole: null };
    bumps.push({ p: hole[0], q: hole[1], a: ha, s: hs });
    return { tilt: tilt, bumps: bumps, hole: hole };
  }

  function build(kind, seed, tilt, bumps) {
    var l = new Landscape(kind, seed, tilt, bumps);
    l.minima = l.search().minima;
    return l;
  }

  Landscape.intro = function () {
    return build("intro", null, [0, 0], [
      { p: 3.9, q: 2.4, a: -0.9, s: 1.5 },
      { p: 3.5, q: 2.8, a: -0.35, s: 2.2 },
    ]);
  };

  // The pit of kind "intro", "random", "multiple" or "hard" with a seed
  // (a 32-bit unsigned integer; ignored for "intro"). Also says how many
  // draws it took, as `attempts`.
  Landscape.of = function (kind, seed) {
    if (kind === "intro") return Landscape.intro();
    if (!(kind in SALTS)) {
      throw new Error('unknown landscape "' + kind + '": use one of ' + KINDS.join(", "));
    }
    seed = seed >>> 0;
    var rng = new Mulberry32((seed ^ SALTS[kind]) >>> 0);
    var draw = kind === "random" ? drawRandom : kind === "multiple" ? drawMultiple : drawHard;
    for (var attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      var d = draw(rng);
      if (d.bumps === null) continue;
      var l = new Landscape(kind, seed, d.tilt, d.bumps);
      var s = l.search();
      if (playable(kind, s, d.hole)) {
        l.minima = s.minima;
        l.attempts = attempt;
        return l;
      }
    }
    var fallback = Landscape.intro();
    fallback.kind = kind;
    fallback.seed = seed;
    fallback.attempts = MAX_ATTEMPTS + 1;
    return fallback;
  };
  Landscape.random = function (seed) {
    return Landscape.of("random", seed);
  };
  Landscape.multipleMinima = function (seed) {
    return Landscape.of("multiple", seed);
  };
  Landscape.hard = function (seed) {
    return Landscape.of("hard", seed);
  };

  // A game: mode is "gradient" or "depth-only".
  function Game(landscape, mode, maxDips) {
    this.landscape = landscape;
    this.mode = mode === "depth-only" ? "depth-only" : "gradient";
    this.maxDips = maxDips;
    this.dips = [];
  }

  Game.prototype.hasWon = function () {
    var last = this.dips[this.dips.length - 1];
    return last !== undefined && last.outcome.kind === "won";
  };
  Game.prototype.isOver = function () {
    return this.hasWon() || this.dips.length >= this.maxDips;
  };
  Game.prototype.dipsLeft = function () {
    return this.hasWon() ? 0 : Math.max(this.maxDips - this.dips.length, 0);
  };

  // Returns {number, x, y, depth, gradient ([gx, gy] or null), outcome}
  // where outcome.kind is "continue", "won" (with dips), "local-minimum"
  // (with distanceToDeepest) or "out-of-dips"; throws a SandpitError
  // outside the pit or after the game is over.
  Game.prototype.dip = function (x, y) {
    var won = this.hasWon();
    if (won || this.dips.length >= this.maxDips) {
      var n = this.dips.length;
      var message = won
        ? "the game is over: you found the deepest point in " + n + " dips; start a new game to play again"
        : n === 0
          ? "this game allows no dips at all (its limit is 0): start a new game with a limit of at least 1"
          : "the game is over: all " + n + " dips are used; start a new game to play again";
      throw SandpitError("game-over", message, { won: won, dips: n });
    }
    var depth = this.landscape.depth(x, y);
    var gradient = this.mode === "gradient" ? this.landscape.gradient(x, y) : null;
    var number = this.dips.length + 1;
    var minima = this.landscape.minima;
    var distanceToDeepest = distance(minima[0].x, minima[0].y, x, y);
    var nearOther = false;
    for (var i = 1; i < minima.length; i++) {
      if (distance(minima[i].x, minima[i].y, x, y) <= WIN_DISTANCE) nearOther = true;
    }
    var outcome;
    if (distanceToDeepest <= WIN_DISTANCE) outcome = { kind: "won", dips: number };
    else if (number === this.maxDips) outcome = { kind: "out-of-dips" };
    else if (nearOther) outcome = { kind: "local-minimum", distanceToDeepest: distanceToDeepest };
    else outcome = { kind: "continue" };
    var dip = { number: number, x: x, y: y, depth: depth, gradient: gradient, outcome: outcome };
    this.dips.push(dip);
    return dip;
  };

  // The automatic players. Both return {path: [[x, y], ...], status} with
  // status "converged", "max-steps", "left-the-pit", "not-a-minimum" or
  // "invalid-input", exactly as the Rust versions.
  function stationary(l, p) {
    var g = l.gradientAt(p[0], p[1]);
    if (Math.sqrt(g[0] * g[0] + g[1] * g[1]) > GRADIENT_TOLERANCE) return null;
    var h = l.hessianAt(p[0], p[1]);
    return h[0] > 0 && h[0] * h[2] - h[1] * h[1] > 0 ? "converged" : "not-a-minimum";
  }

  function steepestDescent(l, start, step, maxSteps) {
    var path = [[start[0], start[1]]];
    if (!inside(start[0], start[1]) || !(isFinite(step) && step > 0)) {
      return { path: path, status: "invalid-input" };
    }
    var p = [start[0], start[1]];
    for (var k = 0; k < maxSteps; k++) {
      var status = stationary(l, p);
      if (status !== null) return { path: path, status: status };
      var g = l.gradientAt(p[0], p[1]);
      var next = [p[0] - step * g[0], p[1] - step * g[1]];
      if (!inside(next[0], next[1])) return { path: path, status: "left-the-pit" };
      p = next;
      path.push(p);
    }
    return { path: path, status: stationary(l, p) || "max-steps" };
  }

  function newton(l, start, maxSteps) {
    var path = [[start[0], start[1]]];
    if (!inside(start[0], start[1])) return { path: path, status: "invalid-input" };
    var p = [start[0], start[1]];
    for (var k = 0; k < maxSteps; k++) {
      var g = l.gradientAt(p[0], p[1]);
      var h = l.hessianAt(p[0], p[1]);
      var det = h[0] * h[2] - h[1] * h[1];
      if (!(h[0] > 0 && det > 0)) return { path: path, status: "not-a-minimum" };
      if (Math.sqrt(g[0] * g[0] + g[1] * g[1]) <= GRADIENT_TOLERANCE) {
        return { path: path, status: "converged" };
      }
      var dx = -(h[2] * g[0] - h[1] * g[1]) / det;
      var dy = -(h[0] * g[1] - h[1] * g[0]) / det;
      var next = [p[0] + dx, p[1] + dy];
      if (!inside(next[0], next[1])) return { path: path, status: "left-the-pit" };
      p = next;
      path.push(p);
    }
    return { path: path, status: stationary(l, p) || "max-steps" };
  }

  var STATUS_TEXT = {
    converged: "converged to the bottom of a hollow",
    "max-steps": "stopped at the step limit without converging",
    "left-the-pit": "stopped: the next step would leave the pit",
    "not-a-minimum": "stopped: not heading for a minimum (the Hessian is not positive definite)",
    "invalid-input": "did not start: the start must be inside the pit and the step positive",
  };

  globalThis.SandpitCore = {
    PIT_SIZE: PIT_SIZE,
    WIN_DISTANCE: WIN_DISTANCE,
    GRADIENT_TOLERANCE: GRADIENT_TOLERANCE,
    GRID_POINTS: GRID_POINTS,
    KINDS: KINDS,
    DEFAULT_STEP: DEFAULT_STEP,
    STATUS_TEXT: STATUS_TEXT,
    Mulberry32: Mulberry32,
    Landscape: Landscape,
    Game: Game,
    steepestDescent: steepestDescent,
    newton: newton,
    inside: inside,
  };
})();
