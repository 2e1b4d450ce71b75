// Checks the Sandpit widget's JavaScript (book/widgets/sandpit-core.js)
// against samples computed by the Rust crate (mvcalc::sandpit).
//
// Usage: node sandpit-agreement.mjs <samples.json> [--all]
//        (--all lists every mismatch, not just the first 30)
//
// The samples come from the test code in tests/common/sandpit_agreement.rs,
// which writes this JSON (numbers in Rust's shortest round-trip form):
//
//   {
//     "format": "mvcalc-sandpit-agreement-2",
//     "pit_size": 6.0, "win_distance": 0.15,
//     "landscapes": [                      // the intro pit, then every seed of
//       {                                  // "random", "multiple" and "hard"
//         "kind": "random", "seed": 3,     // seed is null for "intro"
//         "name": "random pit 3",
//         "default_step": 0.5,             // steepest descent's starting eta
//         "minima": [{"x": .., "y": .., "depth": ..}, ...],   // deepest first
//         "deepest": {"x": .., "y": .., "depth": ..},
//         "points": [
//           {"x": .., "y": .., "depth": .., "gradient": [gx, gy],
//            "hessian": [hxx, hxy, hyy]},
//           {"x": 6.5, "y": 1.0, "outside": true},   // must be refused
//           ...
//         ],
//         "descents": [
//           {"method": "steepest" | "newton", "start": [x, y], "step": 0.3,
//            "max_steps": 400, "status": "converged" | "max-steps" |
//            "left-the-pit" | "not-a-minimum" | "invalid-input",
//            "steps": 57, "end": [x, y]},
//           ...
//         ],
//         "game": {"max_dips": 4, "mode": "gradient",
//                  "dips": [[x, y, "continue" | "won" | "local-minimum" |
//                            "out-of-dips" | "outside" | "game-over"], ...]},
//         "short_game": { same shape }
//       },
//       ...
//     ]
//   }
//
// What must agree: depth, gradient and Hessian to 1e-9 (absolute plus
// relative: |js - rust| <= 1e-9 (1 + |rust|)); the same number of minima,
// each (and the deepest point) within 1e-6 m in position and 1e-9 in depth;
// the same name and default step size; points outside refused; descents with the same status and
// number of steps, ending within 1e-6 m; games with the same outcomes.
// Prints a summary and exits 1 on any mismatch.
//
// Why descents are sampled as they are: Math.exp and Rust's exp may differ
// in the last bit, and along an unstable path (a step size too large for the
// curvature) such a difference doubles at every step, so two correct
// programs part ways after a few dozen steps. The samples therefore use a
// stable step for each kind of pit, the widget's default step for the kind
// (stable in every hollow but a hard pit's narrow hole, which the start
// (1, 5) is far from), and the step far too large (2.5) for three steps
// only. Everything else agrees to about 1e-15.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const corePath = path.resolve(here, "../../book/widgets/sandpit-core.js");

const file = process.argv[2];
const listAll = process.argv.includes("--all");
if (!file) {
  console.error("usage: node sandpit-agreement.mjs <samples.json> [--all]");
  process.exit(2);
}

await import(pathToFileURL(corePath).href);
const core = globalThis.SandpitCore;
if (!core) {
  console.error(`${corePath} did not define globalThis.SandpitCore`);
  process.exit(1);
}

const samples = JSON.parse(fs.readFileSync(file, "utf8"));
if (samples.format !== "mvcalc-sandpit-agreement-2") {
  console.error(`${file}: unknown format ${JSON.stringify(samples.format)}`);
  process.exit(1);
}

const mismatches = [];
const counts = { landscapes: 0, points: 0, outside: 0, minima: 0, descents: 0, dips: 0 };
const byKind = {};
let worstValue = 0;
let worstPosition = 0;

function close(js, rust, tol = 1e-9) {
  const err = Math.abs(js - rust);
  if (Number.isFinite(rust)) worstValue = Math.max(worstValue, err / (1 + Math.abs(rust)));
  return err <= tol * (1 + Math.abs(rust));
}

function fail(where, what) {
  mismatches.push(`${where}: ${what}`);
}

if (samples.pit_size !== core.PIT_SIZE) fail("constants", `PIT_SIZE ${core.PIT_SIZE} vs ${samples.pit_size}`);
if (samples.win_distance !== core.WIN_DISTANCE) {
  fail("constants", `WIN_DISTANCE ${core.WIN_DISTANCE} vs ${samples.win_distance}`);
}

function outcomeOf(game, x, y) {
  try {
    return game.dip(x, y).outcome.kind;
  } catch (e) {
    if (e.code === "outside-pit") return "outside";
    if (e.code === "game-over") return "game-over";
    throw e;
  }
}

function checkMinimum(where, js, rust) {
  const d = Math.hypot(js.x - rust.x, js.y - rust.y);
  worstPosition = Math.max(worstPosition, d);
  if (!(d <= 1e-6)) fail(where, `at (${js.x}, ${js.y}), Rust has (${rust.x}, ${rust.y}): ${d} m apart`);
  if (!close(js.depth, rust.depth)) fail(where, `depth ${js.depth}, Rust ${rust.depth}`);
}

for (const s of samples.landscapes) {
  counts.landscapes += 1;
  byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
  const where = `${s.kind} ${s.seed ?? ""}`.trim();
  let l;
  try {
    l = core.Landscape.of(s.kind, s.seed ?? 0);
  } catch (e) {
    fail(where, `could not be made: ${e.message}`);
    continue;
  }
  if (l.name() !== s.name) fail(where, `name "${l.name()}", Rust "${s.name}"`);
  if (core.DEFAULT_STEP[s.kind] !== s.default_step) {
    fail(where, `default step ${core.DEFAULT_STEP[s.kind]}, Rust ${s.default_step}`);
  }

  const minima = l.localMinima();
  counts.minima += s.minima.length;
  if (minima.length !== s.minima.length) {
    fail(where, `${minima.length} local minima, Rust finds ${s.minima.length}`);
  } else {
    s.minima.forEach((m, k) => checkMinimum(`${where} minimum ${k}`, minima[k], m));
  }
  checkMinimum(`${where} deepest`, l.deepest(), s.deepest);

  for (const p of s.points) {
    const at = `${where} at (${p.x}, ${p.y})`;
    if (p.outside) {
      counts.outside += 1;
      let refused = false;
      try {
        l.depth(p.x, p.y);
      } catch (e) {
        refused = e.code === "outside-pit" && /0\.\.6 m in x and y/.test(e.message);
      }
      if (!refused) fail(at, "outside the pit, but not refused with the 0..6 m message");
      continue;
    }
    counts.points += 1;
    const d = l.depth(p.x, p.y);
    const g = l.gradient(p.x, p.y);
    const h = l.hessian(p.x, p.y);
    if (!close(d, p.depth)) fail(at, `depth ${d}, Rust ${p.depth}`);
    if (!close(g[0], p.gradient[0]) || !close(g[1], p.gradient[1])) {
      fail(at, `gradient (${g}), Rust (${p.gradient})`);
    }
    if (!h.every((v, k) => close(v, p.hessian[k]))) fail(at, `Hessian (${h}), Rust (${p.hessian})`);
  }

  for (const r of s.descents) {
    counts.descents += 1;
    const run =
      r.method === "newton"
        ? core.newton(l, r.start, r.max_steps)
        : core.steepestDescent(l, r.start, r.step, r.max_steps);
    const at = `${where} ${r.method} from (${r.start}) step ${r.step}`;
    const steps = run.path.length - 1;
    const end = run.path[run.path.length - 1];
    if (run.status !== r.status || steps !== r.steps) {
      fail(at, `${run.status} after ${steps} steps, Rust ${r.status} after ${r.steps}`);
    } else if (!(Math.hypot(end[0] - r.end[0], end[1] - r.end[1]) <= 1e-6)) {
      fail(at, `ends at (${end}), Rust at (${r.end})`);
    }
  }

  for (const key of ["game", "short_game"]) {
    const spec = s[key];
    const game = new core.Game(l, spec.mode, spec.max_dips);
    spec.dips.forEach(([x, y, expected], k) => {
      counts.dips += 1;
      const got = outcomeOf(game, x, y);
      if (got !== expected) fail(`${where} ${key} dip ${k + 1} at (${x}, ${y})`, `${got}, Rust ${expected}`);
    });
  }
}

const kinds = Object.entries(byKind)
  .map(([k, n]) => `${k} ${n}`)
  .join(", ");
console.log(
  `sandpit agreement: ${counts.landscapes} landscapes (${kinds}), ${counts.points} points, ` +
    `${counts.outside} outside points, ${counts.minima} local minima, ${counts.descents} descents, ` +
    `${counts.dips} game dips checked against ${path.basename(file)}`,
);
console.log(
  `  largest difference: ${worstValue.toExponential(2)} (relative, values), ` +
    `${worstPosition.toExponential(2)} m (minima positions)`,
);
if (mismatches.length) {
  console.log(`FAIL: ${mismatches.length} mismatches between Rust and JavaScript`);
  const shown = listAll ? mismatches.length : 30;
  for (const m of mismatches.slice(0, shown)) console.log(`  ${m}`);
  if (mismatches.length > shown) console.log(`  ... and ${mismatches.length - 30} more`);
  process.exit(1);
}
console.log("OK: the JavaScript Sandpit agrees with the Rust crate");
