// Plays the Sandpit widget in headless Chromium the way a reader would, and
// fails on anything a reader would notice.
//
// Usage: node sandpit-play.mjs <base-url> <page-path> [--screenshot out.png]
//                              [--theme light|rust|coal|navy|ayu] [--chromium /usr/bin/chromium]
//                              [--scenario <part of a name>] [--list-checks]
//
//   e.g. node sandpit-play.mjs http://127.0.0.1:8000 multivariate/sandpit.html
//
// The caller serves the built book at <base-url>. The play is a list of
// scenarios (SCENARIOS, below), each on a fresh page, so that one failing
// does not take the others with it; each prints its name and its result,
// and the run fails if any failed. On the first <div class="sandpit"> of
// the page they: dip by mouse at a few points and read the height d shown;
// check the downhill arrow in gradient mode; check that the info line names
// the cross-hair only while it is drawn; move the cursor with the arrow
// keys and dip with Enter and Space; click outside the pit; switch to
// depth-only mode and check that no gradient is shown; start a new random
// pit; win (reading the deepest point through the test hook
// `element.sandpit.landscape.deepest()` and clicking there); dip at a local
// minimum that is not the deepest of a pit with several hollows and check
// the "near a local minimum" message; replay a pit with the Replay button;
// run out of dips; run steepest descent (with the pit's default step size,
// one too small to finish and one far too large) and Newton's method from a
// click and check their reports (each written once, under the buttons; no
// "after 0 steps"; Newton's refusal said in plain words with a link to the
// Hessian section, and no saddle claimed unless one was found), and run
// from the top of a bump and from the bottom itself; check that New random
// pit on the introductory pit moves to random pits and says their step
// size; and reveal the landscape. They check the pixels too: a click or tap
// leaves the newest dip's marker uncovered by the keyboard cross-hair, a dip
// made at the cross-hair shows its marker, and in a dark theme the
// arrowheads' halo stays inside the arrow's outline. They tap the pit on a
// phone-sized touch screen, and open other pages to check that they do not
// load the widget's scripts. Every other Sandpit on the page must be set up
// too. Console errors, failed or external requests and HTTP errors fail the
// scenario they happen in. --screenshot saves the widget, revealed, with
// dips and an automatic run, in the chosen mdBook theme (default light).
// --scenario runs only the scenarios whose name contains the text;
// --list-checks prints every check that passed.

import { DEFAULT_CHROMIUM, launchChromium, runScenarios, watchedPage } from "./harness.mjs";

const THEMES = ["light", "rust", "coal", "navy", "ayu"];
const DESKTOP = { viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true };

const options = parseArgs(process.argv.slice(2));
const base = options.positional[0].replace(/\/+$/, "");
const pagePath = options.positional[1].replace(/^\/+/, "");
const url = `${base}/${pagePath}`;
const origin = new URL(base).origin;

function parseArgs(args) {
  const out = { positional: [], screenshot: null, theme: "light", chromium: DEFAULT_CHROMIUM, only: "", list: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--screenshot") out.screenshot = args[++i];
    else if (args[i] === "--theme") out.theme = args[++i];
    else if (args[i] === "--chromium") out.chromium = args[++i];
    else if (args[i] === "--scenario") out.only = args[++i];
    else if (args[i] === "--list-checks") out.list = true;
    else if (args[i].startsWith("--")) usage(`unknown option ${args[i]}`);
    else out.positional.push(args[i]);
  }
  if (out.positional.length !== 2) usage("expected <base-url> <page-path>");
  if (!THEMES.includes(out.theme)) usage(`unknown theme ${out.theme}`);
  return out;
}

function usage(why) {
  console.error(`sandpit-play: ${why}`);
  console.error(
    "usage: node sandpit-play.mjs <base-url> <page-path> [--screenshot out.png] [--theme light|rust|coal|navy|ayu]\n" +
      "                             [--chromium path] [--scenario <part of a name>] [--list-checks]",
  );
  process.exit(2);
}

// ------------------------------------------------------------- the page

// The Sandpit page, opened and watched, and the first Sandpit on it, with
// what a scenario does to it.
class SandpitPage {
  // Opens the page in `context` and waits for its first Sandpit. Throws if
  // either fails; with `loadCheck`, the page's loading counts as that check.
  static async open(context, checks, { theme = options.theme, loadCheck = null } = {}) {
    const page = await watchedPage(context, origin, checks, { theme });
    const response = await page.goto(url, { waitUntil: "load" });
    const loaded = Boolean(response?.ok());
    if (loadCheck) checks.check(loaded, loadCheck, `HTTP ${response?.status()}`);
    if (!loaded) throw new Error(`${url} did not load: HTTP ${response?.status()}`);
    try {
      await page.waitForFunction(() => document.querySelector("div.sandpit")?.dataset.ready === "true", null, {
        timeout: 10_000,
      });
    } catch {
      throw new Error(`the Sandpit was not set up (${theme} theme)`);
    }
    const w = page.locator("div.sandpit").first();
    await w.locator("canvas.sandpit-canvas").scrollIntoViewIfNeeded();
    return new SandpitPage(page, w, checks);
  }

  constructor(page, w, checks) {
    this.page = page;
    this.w = w;
    this.checks = checks;
  }

  q(sel) {
    return this.w.locator(sel);
  }

  async text(sel) {
    return ((await this.q(sel).textContent()) ?? "").trim();
  }

  message() {
    return this.text(".sandpit-message");
  }

  report() {
    return this.text(".sandpit-report");
  }

  stepSize() {
    return this.q("input.sandpit-step").inputValue();
  }

  // Runs `fn(element, arg)` in the page, on the Sandpit's element.
  hook(fn, arg) {
    return this.w.evaluate(fn, arg);
  }

  // The game as the test hook sees it.
  state() {
    return this.hook((e) => {
      const s = e.sandpit;
      const dips = s.game.dips;
      return {
        kind: s.landscape.kind,
        name: s.landscape.name(),
        mode: s.mode,
        over: s.game.isOver(),
        maxDips: s.game.maxDips,
        dips: dips.length,
        last: dips.length ? dips[dips.length - 1] : null,
        drawn: { ...s.drawn },
        revealed: s.revealed,
        cursor: s.cursor,
        rows: e.querySelectorAll(".sandpit-dips tbody tr").length,
      };
    });
  }

  // What the last drawing showed, as plain data.
  drawn() {
    return this.hook((e) => JSON.parse(JSON.stringify(e.sandpit.drawn)));
  }

  lastDip() {
    return this.hook((e) => e.sandpit.game.dips[e.sandpit.game.dips.length - 1]);
  }

  // Where a point of the pit (metres) is in the window.
  clientPoint(x, y) {
    return this.hook((e, [px, py]) => e.sandpit.clientPoint(px, py), [x, y]);
  }

  // Scrolls the pit to the middle of the window, clear of mdBook's menu
  // bar, which stays at the top of the window and would take a click meant
  // for the top of the pit.
  async centre() {
    await this.q("canvas.sandpit-canvas").evaluate((c) => c.scrollIntoView({ block: "center" }));
  }

  // Clicks the canvas at pit coordinates (metres), as a reader's mouse.
  async clickPit(x, y) {
    await this.centre();
    const p = await this.clientPoint(x, y);
    await this.page.mouse.click(p.x, p.y);
  }

  // Taps the canvas at pit coordinates (metres), as a reader's finger.
  async tapPit(x, y) {
    await this.centre();
    const p = await this.clientPoint(x, y);
    await this.page.touchscreen.tap(p.x, p.y);
  }

  // Where a point of the pit (metres) is on the canvas, in CSS pixels from
  // the canvas's top left corner.
  canvasPoint(x, y) {
    return this.hook(
      (e, [px, py]) => {
        const r = e.querySelector("canvas").getBoundingClientRect();
        const c = e.sandpit.clientPoint(px, py);
        return { x: c.x - r.left, y: c.y - r.top };
      },
      [x, y],
    );
  }

  // The colour drawn at canvas CSS pixel (x, y), as "#rrggbb".
  pixel(x, y) {
    return this.hook(
      (e, [px, py]) => {
        const c = e.querySelector("canvas");
        const r = c.getBoundingClientRect();
        const d = c
          .getContext("2d")
          .getImageData(Math.round((px * c.width) / r.width), Math.round((py * c.height) / r.height), 1, 1).data;
        return "#" + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, "0")).join("");
      },
      [x, y],
    );
  }

  // Whether the newest dip's marker shows at the canvas pixel (x, y):
  // that pixel is nearer its colour than the cross-hair's or the halo's.
  async markerAt(x, y, colours) {
    const { last, cursor, halo } = colours;
    const px = await this.pixel(x, y);
    return { px, shows: closest(px, [last, cursor, halo]) === last };
  }

  // Steepest descent or Newton's method ("steepest" or "newton") from a
  // click at (x, y), as a reader starts one.
  async runFrom(method, x, y) {
    await this.q(method === "newton" ? "button.sandpit-newton" : "button.sandpit-descent").click();
    await this.clickPit(x, y);
  }

  // The finished run's status and number of steps.
  runResult() {
    return this.hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
  }

  // Waits for the run to finish; then the report is written once, under
  // the buttons, and the status line only points to it. False if it did
  // not finish.
  async waitForReport(what) {
    const check = this.checks.check.bind(this.checks);
    try {
      await this.page.waitForFunction((el) => el.sandpit.run && el.sandpit.run.done, await this.w.elementHandle(), {
        timeout: 20_000,
      });
    } catch {
      this.checks.fail(`${what}: no report after 20 s ("${await this.report()}")`);
      return false;
    }
    const report = await this.report();
    const msg = await this.message();
    check(/has finished: the report is under the buttons\.$/.test(msg), `${what}: the status line points to the report`, msg);
    check(!msg.includes(report.slice(0, 40)), `${what}: the report is not printed twice`, `${msg} / ${report}`);
    check(!/after 0 steps/.test(report), `${what}: no "after 0 steps"`, report);
    return true;
  }
}

// The height d in a reading "... d = −0.512 m ...", or NaN.
function readDepth(s) {
  const m = s.replace(/\u2212/g, "-").match(/\bd = (-?\d+\.\d+) m/);
  return m ? Number(m[1]) : NaN;
}

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

// Whether two colours are alike (each channel within 40, of 255).
function near(a, b) {
  const [p, q] = [rgb(a), rgb(b)];
  return p.every((v, i) => Math.abs(v - q[i]) <= 40);
}

// Which of the colours `choices` the colour `c` is closest to.
function closest(c, choices) {
  const dist = (x, y) => rgb(x).reduce((s, v, i) => s + (v - rgb(y)[i]) ** 2, 0);
  return choices.reduce((best, x) => (dist(c, x) < dist(c, best) ? x : best));
}

// A scenario on the Sandpit page in a desktop window: `play(sandpit,
// check)` gets the page freshly opened, on the introductory pit in gradient
// mode (as the page asks for).
function onSandpit(name, play, { context = DESKTOP, theme } = {}) {
  return {
    name,
    context,
    run: async ({ context: ctx, checks }) => {
      const sandpit = await SandpitPage.open(ctx, checks, { theme });
      await play(sandpit, checks.check.bind(checks));
    },
  };
}

// ------------------------------------------------- the page, set up

// Every Sandpit on the page is set up, in the mode and with the pit its
// data attributes ask for.
async function everySandpitSetUp({ context, checks }) {
  const check = checks.check.bind(checks);
  const page = await watchedPage(context, origin, checks, { theme: options.theme });
  const response = await page.goto(url, { waitUntil: "load" });
  if (!check(response && response.ok(), `page loads: ${url}`, `HTTP ${response?.status()}`)) return;
  await page.waitForLoadState("networkidle");
  const all = page.locator("div.sandpit");
  const count = await all.count();
  if (!check(count > 0, "the page has a Sandpit", 'no <div class="sandpit"> on the page')) return;
  try {
    await page.waitForFunction(
      () => [...document.querySelectorAll("div.sandpit")].every((e) => e.dataset.ready === "true" && e.sandpit),
      null,
      { timeout: 10_000 },
    );
    check(true, `all ${count} Sandpits set up`);
  } catch {
    checks.fail("not every Sandpit on the page was set up (is sandpit-core.js loaded before sandpit.js?)");
    return;
  }
  const modes = await all.evaluateAll((els) =>
    els.map((e) => [e.dataset.mode || "gradient", e.sandpit.mode, e.dataset.landscape || "intro", e.sandpit.landscape.kind]),
  );
  modes.forEach(([want, got, kindWant, kindGot], i) => {
    check(got === want, `Sandpit ${i + 1} starts in ${want} mode`, `it is in ${got} mode`);
    check(kindGot === kindWant, `Sandpit ${i + 1} starts with a ${kindWant} pit`, `it has a ${kindGot} pit`);
  });
}

// ------------------------------------------------------ dipping by hand

// One dip by mouse at (x, y), the game's dip number `number`: counted,
// where clicked, with the depth, the gradient and an arrow, and listed.
async function dipByMouse(sp, check, number, x, y) {
  await sp.clickPit(x, y);
  const s = await sp.state();
  const readout = await sp.text(".sandpit-readout");
  check(s.dips === number, `mouse dip ${number} counted`, `${s.dips} dips`);
  if (!s.last) return;
  check(
    Math.hypot(s.last.x - x, s.last.y - y) < 0.05,
    `mouse dip ${number} lands where clicked`,
    `at (${s.last.x}, ${s.last.y}), clicked (${x}, ${y})`,
  );
  const shown = readDepth(readout);
  const truth = await sp.hook((e, [px, py]) => e.sandpit.landscape.depth(px, py), [s.last.x, s.last.y]);
  check(Math.abs(shown - truth) <= 0.0006, `dip ${number} shows the depth reading`, `readout "${readout}" vs depth ${truth}`);
  check(readout.startsWith(`Dip ${number} at`), `dip ${number} is described`, readout);
  check(/Gradient/.test(readout) && s.last.gradient !== null, `dip ${number} shows the gradient`, readout);
  check(s.drawn.arrows === number, `dip ${number} draws a downhill arrow`, `${s.drawn.arrows} arrows drawn`);
  check(s.rows === number, `dip ${number} is listed`, `${s.rows} rows`);
}

// Three dips by mouse on the introductory pit in gradient mode, then what
// a click leaves: no cross-hair over the newest marker, and an arrow that
// points downhill.
async function dipsByMouse(sp, check) {
  await sp.q("select.sandpit-kind").selectOption("intro");
  let s = await sp.state();
  if (s.mode !== "gradient") await sp.q("button.sandpit-mode").click();
  s = await sp.state();
  check(s.mode === "gradient" && s.dips === 0, "a fresh game in gradient mode", JSON.stringify(s));
  check(s.drawn.revealed === false, "the landscape starts hidden");
  for (const [i, [x, y]] of [
    [1.0, 1.0],
    [5.0, 5.0],
    [2.0, 4.5],
  ].entries()) {
    await dipByMouse(sp, check, i + 1, x, y);
  }
  await afterAClick(sp, check);
}

// A click leaves the keyboard cross-hair hidden: it would cover the newest
// dip's marker, which shows in its own colour. The info line then says
// nothing of a cross-hair the reader cannot see.
async function afterAClick(sp, check) {
  const s = await sp.state();
  const info = await sp.text(".sandpit-info");
  check(s.drawn.cursor === false, "no cross-hair is drawn after a click", JSON.stringify(s.drawn));
  check(!/cross-hair|cursor/i.test(info), "after a click the info line does not mention a cross-hair", info);
  const readout = await sp.text(".sandpit-readout");
  check(/below the rim/.test(readout), "a reading says how far below the rim the ground is", readout);
  const column = await sp.q(".sandpit-dips th").nth(3).textContent();
  check(column.trim() === "height d (m)", "the dip list's column is the height d", column);
  const c = await sp.canvasPoint(s.last.x, s.last.y);
  const marker = await sp.markerAt(c.x + 4, c.y, s.drawn.colours);
  check(
    marker.shows,
    "the newest dip's marker is uncovered after a click",
    `pixel ${marker.px} beside it, marker colour ${s.drawn.colours.last}`,
  );
  // The arrow points downhill: against the gradient.
  const downhillOk = await sp.hook((e) => {
    const d = e.sandpit.game.dips[0];
    const down = e.sandpit.landscape.downhill(d.x, d.y);
    return down[0] * d.gradient[0] + down[1] * d.gradient[1] < 0;
  });
  check(downhillOk, "downhill is against the gradient");
}

// Tab reaches the pit and shows the cross-hair, the arrow keys move it,
// Enter and Space dip at it, and a dip made there shows its marker.
async function theKeyboard(sp, check) {
  const page = sp.page;
  await sp.q("button.sandpit-reveal").focus();
  await page.keyboard.press("Tab");
  check(
    await sp.hook((e) => document.activeElement === e.querySelector("canvas.sandpit-canvas")),
    "Tab from the last button of the bar reaches the pit",
  );
  let s = await sp.state();
  check(s.drawn.cursor === true, "the cross-hair shows when Tab focuses the pit", JSON.stringify(s.drawn));
  await sp.q("canvas.sandpit-canvas").focus();
  const before = await sp.state();
  for (const k of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp", "Shift+ArrowLeft"]) {
    await page.keyboard.press(k);
  }
  s = await sp.state();
  const moved = [s.cursor.x - before.cursor.x, s.cursor.y - before.cursor.y];
  // The cursor keeps to the millimetre, so allow for that rounding.
  check(
    Math.abs(moved[0] - (0.3 - 0.5)) < 0.002 && Math.abs(moved[1] - 0.2) < 0.002,
    "arrow keys move the cursor by 0.1 m (0.5 m with Shift)",
    `from (${before.cursor.x}, ${before.cursor.y}) to (${s.cursor.x}, ${s.cursor.y})`,
  );
  check(s.drawn.cursor === true, "the cursor is drawn while the pit has focus");
  const info = await sp.text(".sandpit-info");
  check(
    info.includes(`cross-hair at x = ${s.cursor.x.toFixed(2)} m`),
    "the cross-hair's position is shown while it is drawn",
    info,
  );
  await page.keyboard.press("Enter");
  s = await sp.state();
  check(s.dips === before.dips + 1, "Enter dips", `${s.dips} dips`);
  check(s.last && s.last.x === s.cursor.x && s.last.y === s.cursor.y, "Enter dips at the cursor", JSON.stringify(s.last));
  // The dip made at the cross-hair shows its marker above the cross.
  const c = await sp.canvasPoint(s.last.x, s.last.y);
  const beside = await sp.markerAt(c.x + 4, c.y, s.drawn.colours);
  const above = await sp.markerAt(c.x, c.y - 4, s.drawn.colours);
  check(
    s.drawn.cursor && beside.shows && above.shows,
    "a dip made at the cross-hair shows its marker above it",
    `pixels ${beside.px} / ${above.px}, marker colour ${s.drawn.colours.last}`,
  );
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  s = await sp.state();
  check(s.dips === before.dips + 2, "Space dips", `${s.dips} dips`);
}

// A click outside the pit is refused and does not count.
async function aClickOutside(sp, check) {
  await sp.clickPit(1.0, 1.0);
  const before = await sp.state();
  await sp.clickPit(-0.2, -0.3);
  const s = await sp.state();
  const msg = await sp.message();
  check(/outside the pit/.test(msg), "a click outside the pit is refused", msg);
  check(s.dips === before.dips && before.dips === 1, "a click outside the pit does not count");
}

// Depth-only mode starts a new game and shows no gradient anywhere; the
// button switches back.
async function depthOnlyMode(sp, check) {
  await sp.clickPit(1.0, 1.0);
  await sp.q("button.sandpit-mode").click();
  let s = await sp.state();
  check(s.mode === "depth-only", "the mode button switches to depth-only", s.mode);
  check((await sp.q("button.sandpit-mode").getAttribute("aria-pressed")) === "true", "the mode button is pressed");
  check(s.dips === 0 && s.rows === 0, "depth-only mode starts a new game", `${s.dips} dips, ${s.rows} rows`);
  await sp.clickPit(2.2, 1.4);
  await sp.clickPit(4.4, 4.4);
  s = await sp.state();
  const readout = await sp.text(".sandpit-readout");
  check(s.dips === 2, "depth-only dips count", `${s.dips}`);
  check(!/gradient|\u2207|arrow/i.test(readout), "depth-only mode shows no gradient", readout);
  check(Number.isFinite(readDepth(readout)), "depth-only mode shows the depth", readout);
  check(s.last && s.last.gradient === null, "depth-only dips have no gradient");
  check(s.drawn.arrows === 0 && s.drawn.dips === 2, "depth-only mode draws no arrows", JSON.stringify(s.drawn));
  await sp.q("button.sandpit-mode").click();
  s = await sp.state();
  check(s.mode === "gradient", "the mode button switches back to gradient", s.mode);
}

// ------------------------------------------------------------ new pits

// From the introductory pit, New random pit moves on to random pits, whose
// default step size is smaller, and says so.
async function aNewRandomPit(sp, check) {
  const oldName = (await sp.state()).name;
  const randomStep = await sp.hook((e) => String(e.sandpit.core.DEFAULT_STEP.random));
  await sp.q("button.sandpit-new").click();
  const s = await sp.state();
  const msg = await sp.message();
  check(s.kind === "random" && s.name !== oldName, "New random pit makes a random pit", `${oldName} -> ${s.name}`);
  check(s.dips === 0 && s.drawn.dips === 0 && !s.drawn.revealed, "a new pit starts blank", JSON.stringify(s.drawn));
  check(/new pit/i.test(msg), "a new pit is announced", msg);
  check((await sp.q("select.sandpit-kind").inputValue()) === "random", "the Pit menu then shows Random");
  const eta = await sp.stepSize();
  check(
    eta === randomStep && msg.includes(`step size \u03b7 is now ${randomStep}, the default for random pits`),
    "moving on to random pits sets their step size and says so",
    `${eta}: ${msg}`,
  );
}

// A random pit won (one miss, then the deepest point), the game then
// over; replayed, the same pit hidden again with every dip back, and won
// again.
async function aWinAndAReplay(sp, check) {
  await sp.q("button.sandpit-new").click();
  const deepest = await sp.hook((e) => e.sandpit.landscape.deepest());
  const miss = [deepest.x < 3 ? deepest.x + 1.5 : deepest.x - 1.5, deepest.y];
  await sp.clickPit(miss[0], miss[1]);
  await sp.clickPit(deepest.x, deepest.y);
  let s = await sp.state();
  let msg = await sp.message();
  check(s.over && s.last?.outcome.kind === "won", "a dip at the deepest point wins", JSON.stringify(s.last));
  check(msg.includes(`You found the deepest point in ${s.dips} dips`), "the win is announced", msg);
  check(s.drawn.revealed && s.drawn.minima >= 1, "the landscape is revealed after the game", JSON.stringify(s.drawn));
  check(await sp.q(".sandpit-legend").isVisible(), "the colour legend is shown with the landscape");
  check(/Replay this pit/.test(msg), "the win says how to replay the pit", msg);
  await sp.clickPit(1, 1);
  msg = await sp.message();
  check(/game is over/i.test(msg), "a dip after the game is refused", msg);
  check(/Replay this pit/.test(msg), "the refusal says how to replay the pit", msg);

  const wonPit = s.name;
  await sp.q("input.sandpit-step").fill("0.07");
  await sp.q("button.sandpit-replay").click();
  s = await sp.state();
  msg = await sp.message();
  check(s.name === wonPit && s.kind === "random", "Replay this pit plays the same pit", `${wonPit} -> ${s.name}`);
  check(
    s.dips === 0 && !s.over && !s.revealed && !s.drawn.revealed && s.rows === 0,
    "a replayed pit starts hidden, with no dips",
    JSON.stringify(s),
  );
  check((await sp.q("select.sandpit-kind").inputValue()) === "random", "the Pit menu still shows the kind");
  check(/again/.test(msg) && msg.includes(wonPit), "the replay is announced", msg);
  check((await sp.stepSize()) === "0.07", "a replay keeps the reader's step size");
  const again = await sp.hook((e) => e.sandpit.landscape.deepest());
  check(
    again.x === deepest.x && again.y === deepest.y,
    "the replayed pit has the same deepest point",
    `${JSON.stringify(deepest)} vs ${JSON.stringify(again)}`,
  );
  await sp.clickPit(deepest.x, deepest.y);
  s = await sp.state();
  check(s.over && s.last?.outcome.kind === "won" && s.dips === 1, "a replayed pit can be won again", JSON.stringify(s.last));
}

// A dip at a local minimum that is not the deepest, on a pit with several
// hollows, is told so, with the distances, and the game goes on.
async function aLocalMinimum(sp, check) {
  await sp.q("select.sandpit-kind").selectOption("multiple");
  const minima = await sp.hook((e) => e.sandpit.landscape.localMinima());
  let s = await sp.state();
  if (!check(s.kind === "multiple" && minima.length >= 2, "a pit with several hollows", `${s.kind}, ${minima.length} minima`)) {
    return;
  }
  await sp.clickPit(minima[1].x, minima[1].y);
  s = await sp.state();
  let msg = await sp.message();
  check(/^Near a local minimum/.test(msg), "a dip at another local minimum is told so", msg);
  // The rule is a distance from the bottom of the hollow, not a level
  // ground, so the message gives that distance (0 cm here) and does not
  // claim the ground is level.
  check(
    /this dip is 0 cm from the bottom of a hollow, but not the deepest one/.test(msg),
    "it says how near the bottom the dip is",
    msg,
  );
  check(!/level/.test(msg), "it does not claim the ground is level", msg);
  const deepestAway = Math.hypot(minima[0].x - minima[1].x, minima[0].y - minima[1].y);
  const away = deepestAway < 0.995 ? `${Math.round(deepestAway * 100)} cm` : `${deepestAway.toFixed(2)} m`;
  check(msg.includes(`The deepest point is ${away} away`), "it says how far the deepest point is", `${msg} (expected ${away})`);
  // 12 cm up the side of the hollow it is still near a local minimum.
  await sp.clickPit(minima[1].x + 0.12, minima[1].y);
  msg = await sp.message();
  check(/this dip is 12 cm from the bottom of a hollow/.test(msg), "12 cm from the bottom is near a local minimum", msg);
  check(!s.over, "the game goes on after a local minimum");
  check(
    /near a local minimum/.test(await sp.q(".sandpit-dips tbody tr").last().textContent()),
    "the dip list notes the local minimum",
  );
}

// Dips far from every minimum, up to the limit: the game ends, says so,
// and reveals the landscape.
async function outOfDips(sp, check) {
  await sp.q("select.sandpit-kind").selectOption("random");
  let s = await sp.state();
  const far = await sp.hook((e) => {
    const mins = e.sandpit.landscape.localMinima();
    const out = [];
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++) {
        const p = [0.25 + i * 0.5, 0.25 + j * 0.5];
        if (mins.every((m) => Math.hypot(m.x - p[0], m.y - p[1]) > 0.5)) out.push(p);
      }
    return out;
  });
  for (let i = 0; i < s.maxDips && i < far.length; i++) await sp.clickPit(far[i][0], far[i][1]);
  s = await sp.state();
  const msg = await sp.message();
  check(s.over && s.last?.outcome.kind === "out-of-dips", `the game ends after ${s.maxDips} dips`, JSON.stringify(s.last));
  check(/out of dips/i.test(msg), "running out of dips is announced", msg);
  check(s.drawn.revealed, "the landscape is revealed when the dips run out");
}

// Each kind of pit brings its own step size; a new pit of the same kind
// keeps the reader's.
async function stepSizesByKind(sp, check) {
  const defaults = await sp.hook((e) => e.sandpit.core.DEFAULT_STEP);
  await sp.q("select.sandpit-kind").selectOption("random");
  check((await sp.stepSize()) === String(defaults.random), "a random pit starts with its step size", await sp.stepSize());
  await sp.q("select.sandpit-kind").selectOption("multiple");
  check(
    (await sp.stepSize()) === String(defaults.multiple),
    "choosing a kind of pit sets its step size",
    `${await sp.stepSize()}, default ${defaults.multiple}`,
  );
  await sp.q("input.sandpit-step").fill("0.15");
  await sp.q("button.sandpit-new").click();
  check((await sp.stepSize()) === "0.15", "a new pit of the same kind keeps the reader's step size");
  await sp.q("select.sandpit-kind").selectOption("intro");
  check((await sp.stepSize()) === String(defaults.intro), "the introductory pit's step size is its default");
}

// ------------------------------------------------------ automatic runs

// The default step size wins the introductory pit from (1, 5) within the
// 20 dips of the game, and the run is reported, listed and drawn.
async function steepestDescent(sp, check) {
  await sp.q("button.sandpit-descent").click();
  check(
    (await sp.q("button.sandpit-descent").getAttribute("aria-pressed")) === "true",
    "the steepest descent button waits for a click",
  );
  await sp.clickPit(1.0, 5.0);
  if (!(await sp.waitForReport("steepest descent"))) return;
  const report = await sp.report();
  const run = await sp.runResult();
  check(/^Steepest descent/.test(report) && report.includes(`after ${run.steps} steps`), "steepest descent reports its steps", report);
  check(run.status === "converged" && /converged/.test(report), "steepest descent converges on the intro pit", report);
  check(/That is the deepest point/.test(report), "steepest descent finds the deepest point of the introductory pit", report);
  check(run.steps <= 19, "with the default step size, within the game's 20 dips", `${run.steps} steps`);
  check((await sp.q(".sandpit-step-list li").count()) > 1, "the steps are listed");
  const s = await sp.state();
  check(s.dips === 0, "an automatic run does not use up dips", `${s.dips} dips`);
  check(s.drawn.paths === 1, "the path is drawn");
}

// Too small a step stops at the step limit; 1 cm from the bottom it says
// it was nearly there, farther away it says how far.
async function tooSmallSteps(sp, check) {
  const d0 = await sp.hook((e) => e.sandpit.landscape.deepest());
  for (const [step, want] of [
    ["0.01", /It was nearly there: \d cm from the deepest point\./],
    ["0.005", /It ended \d\.\d\d m from the deepest point\./],
  ]) {
    await sp.q("input.sandpit-step").fill(step);
    await sp.runFrom("steepest", 1.0, 5.0);
    if (!(await sp.waitForReport(`steepest descent with step ${step}`))) continue;
    const report = await sp.report();
    const end = await sp.hook((e) => {
      const r = e.sandpit.run.result;
      return { status: r.status, end: r.path[r.path.length - 1] };
    });
    const gap = Math.hypot(end.end[0] - d0.x, end.end[1] - d0.y);
    check(end.status === "max-steps" && /step limit/.test(report), `step ${step} stops at the step limit`, report);
    check(want.test(report), `step ${step}: the report says how close it came (${gap.toFixed(3)} m)`, report);
  }
}

// Newton's method from near the bottom of the bowl converges.
async function newtonNearTheBottom(sp, check) {
  const d0 = await sp.hook((e) => e.sandpit.landscape.deepest());
  await sp.runFrom("newton", Math.min(d0.x + 0.5, 5.9), Math.max(d0.y - 0.4, 0.1));
  if (!(await sp.waitForReport("Newton's method"))) return;
  const report = await sp.report();
  const run = await sp.runResult();
  check(/^Newton's method/.test(report) && report.includes(`after ${run.steps} step`), "Newton reports its steps", report);
  check(run.status === "converged", "Newton converges near the bottom of the bowl", report);
}

// Far out on the rim the ground curves down: Newton must refuse, say why
// in plain words, point to the Hessian section, and claim no saddle.
async function newtonOnTheRim(sp, check) {
  await sp.runFrom("newton", 0.1, 5.9);
  if (!(await sp.waitForReport("Newton's method on the rim"))) return;
  const report = await sp.report();
  const run = await sp.runResult();
  check(run.status === "not-a-minimum" && run.steps === 0, "Newton takes no step on the rim", JSON.stringify(run));
  check(
    /^Newton's method from \(.*\): it took no step\. At the start the ground curves down/.test(report),
    "Newton on the rim says it took no step and why",
    report,
  );
  check(!/saddle|hump/.test(report), "Newton on the rim claims no saddle or hump", report);
  const href = await sp.q(".sandpit-report a").getAttribute("href");
  check(
    /(^|\/)multivariate\/hessian\.html#the-second-order-picture$/.test(href ?? ""),
    "the refusal links to the Hessian section",
    String(href),
  );
}

// From (4.5, 3.5) Newton's first jump overshoots to where the ground is
// no bowl, as the chapter says: one step, then it stops.
async function newtonOvershoots(sp, check) {
  await sp.runFrom("newton", 4.5, 3.5);
  if (!(await sp.waitForReport("Newton's method from (4.5, 3.5)"))) return;
  const report = await sp.report();
  const run = await sp.runResult();
  check(run.status === "not-a-minimum" && run.steps === 1, "Newton from (4.5, 3.5) stops after one step", JSON.stringify(run));
  check(/it stopped after 1 step, at \(2\.8\d, 0\.7\d\)/.test(report), "it says where it stopped", report);
  check(/There the ground curves down in at least one direction/.test(report), "and why", report);
}

// A step size far too large never claims convergence.
async function aHugeStep(sp, check) {
  await sp.q("input.sandpit-step").fill("40");
  await sp.runFrom("steepest", 1.5, 1.5);
  if (!(await sp.waitForReport("steepest descent with a huge step"))) return;
  const report = await sp.report();
  check(!/converged/.test(report), "a huge step does not claim convergence", report);
}

// Steepest descent started exactly on the top of a bump (found by
// Newton's iteration on the gradient, through the test hook, in a pit with
// several hollows and a hill or two) takes no step, and says what it
// found there.
async function fromTheTopOfABump(sp, check) {
  let top = null;
  for (let seed = 1; seed <= 30 && !top; seed++) {
    top = await sp.hook((e, seed) => {
      e.sandpit.newPit("multiple", seed);
      const l = e.sandpit.landscape;
      for (const hill of l.bumps.filter((b) => b.a > 0)) {
        let p = [hill.p, hill.q];
        for (let i = 0; i < 50; i++) {
          const g = l.gradientAt(p[0], p[1]);
          const h = l.hessianAt(p[0], p[1]);
          const det = h[0] * h[2] - h[1] * h[1];
          p = [p[0] - (h[2] * g[0] - h[1] * g[1]) / det, p[1] - (h[0] * g[1] - h[1] * g[0]) / det];
        }
        if (!e.sandpit.core.inside(p[0], p[1])) continue;
        const g = l.gradientAt(p[0], p[1]);
        const h = l.hessianAt(p[0], p[1]);
        if (Math.hypot(g[0], g[1]) < 1e-9 && h[0] < 0 && h[0] * h[2] - h[1] * h[1] > 0) return p;
      }
      return null;
    }, seed);
  }
  if (!check(top !== null, "a pit with several hollows has the top of a bump")) return;
  await sp.hook((e, p) => e.sandpit.play("steepest", p[0], p[1]), top);
  if (!(await sp.waitForReport("steepest descent from the top of a bump"))) return;
  const report = await sp.report();
  check(
    /it took no step: the ground at the start is level, but it is the top of a bump, curving down every way/.test(report),
    "steepest descent on the top of a bump says so",
    report,
  );
}

// Started at the bottom itself (of a pit with several hollows), a run says
// it took no step instead of "after 0 steps".
async function fromTheBottomItself(sp, check) {
  await sp.hook((e) => e.sandpit.newPit("multiple", 1));
  const bottom = await sp.hook((e) => e.sandpit.landscape.deepest());
  await sp.hook((e, p) => e.sandpit.play("newton", p.x, p.y), bottom);
  if (!(await sp.waitForReport("Newton's method from the deepest point"))) return;
  const report = await sp.report();
  check(
    /it took no step: it started at the bottom of a hollow, where d = .* That is the deepest point\./.test(report),
    "a run from the bottom itself says it took no step",
    report,
  );
}

// ----------------------------------------------- revealing, accessibility

// Reveal on demand, and hide again.
async function revealAndHide(sp, check) {
  await sp.q("button.sandpit-reveal").click();
  let s = await sp.state();
  check(s.revealed && s.drawn.revealed, "Reveal shows the landscape");
  check((await sp.q("button.sandpit-reveal").getAttribute("aria-pressed")) === "true", "the Reveal button is pressed");
  await sp.q("button.sandpit-reveal").click();
  s = await sp.state();
  check(!s.revealed && !s.drawn.revealed, "the landscape can be hidden again");
}

// The buttons are real buttons with labels, status updates are live
// regions, and the canvas is drawn.
async function labelsAndLiveRegions(sp, check) {
  const unlabeled = await sp.hook((e) => [...e.querySelectorAll("button")].filter((b) => !b.textContent.trim()).length);
  check(unlabeled === 0, "every button has a label", `${unlabeled} without`);
  const live = await sp.hook((e) => e.querySelectorAll("[aria-live]").length);
  check(live >= 2, "status updates go to aria-live regions", `${live}`);
  const painted = await sp.hook((e) => {
    const c = e.querySelector("canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let opaque = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) opaque++;
    return opaque / (d.length / 4);
  });
  check(painted > 0.5, "the canvas is drawn", `${(painted * 100).toFixed(0)}% of it painted`);
}

// A picture of a game in progress: a few dips, a descent, revealed.
async function screenshotOfAGame(sp) {
  const defaults = await sp.hook((e) => e.sandpit.core.DEFAULT_STEP);
  await sp.q("select.sandpit-kind").selectOption("intro");
  await sp.q("input.sandpit-step").fill(String(defaults.intro));
  for (const [x, y] of [
    [1.2, 4.8],
    [5.2, 4.6],
    [2.0, 1.2],
    [4.6, 2.0],
  ]) {
    await sp.clickPit(x, y);
  }
  await sp.runFrom("steepest", 0.8, 3.6);
  await sp.waitForReport("steepest descent for the screenshot");
  await sp.q("button.sandpit-reveal").click();
  const page = sp.page;
  await page.mouse.move(0, 0);
  await page.setViewportSize({ width: 1100, height: 1600 });
  // Clear of mdBook's menu bar, which stays at the top of the window.
  await sp.w.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 70));
  const box = await sp.w.boundingBox();
  await page.screenshot({
    path: options.screenshot,
    clip: { x: Math.max(box.x - 10, 0), y: Math.max(box.y - 10, 0), width: box.width + 20, height: box.height + 20 },
  });
  console.log(`screenshot (${options.theme} theme) written to ${options.screenshot}`);
}

// ------------------------------------------------------- in a dark theme

// In a dark theme, three dips by mouse: the arrowheads are drawn, and no
// halo pokes out beyond them; a dip at the cross-hair shows its marker,
// with the cross clear of it.
async function inADarkTheme({ context, checks }) {
  const check = checks.check.bind(checks);
  const sp = await SandpitPage.open(context, checks, { theme: "navy", loadCheck: "page loads (navy theme)" });
  for (const [x, y] of [
    [1.0, 1.0],
    [5.0, 5.0],
    [2.0, 4.5],
  ]) {
    const p = await sp.clientPoint(x, y);
    await sp.page.mouse.click(p.x, p.y);
  }
  let d = await sp.drawn();
  check(d.arrows === 3 && d.arrowShapes.length === 3, "dark theme: three dips draw three arrows", JSON.stringify(d));
  check(d.colours.halo !== d.colours.sand, "dark theme: the arrows have a halo");
  // Along each barb of each arrowhead, from the tip: the arrow's colour
  // halfway along, and the sand just beyond the end of the halo around it.
  // A halo with a longer head of its own shows there as a dark barb.
  let barbs = 0;
  for (const a of d.arrowShapes) {
    const angle = Math.atan2(a.to[1] - a.from[1], a.to[0] - a.from[0]);
    for (const side of [-0.45, 0.45]) {
      const ux = -Math.cos(angle + side);
      const uy = -Math.sin(angle + side);
      const at = (r) => sp.pixel(a.to[0] + r * ux, a.to[1] + r * uy);
      const inside = await at(a.head * 0.6);
      const beyond = await at(a.head + a.halo / 2 + 2.5);
      const { arrow, sand, halo } = d.colours;
      check(
        closest(inside, [arrow, sand, halo]) === arrow,
        "dark theme: the arrowhead is drawn",
        `${inside} on the barb, arrow ${arrow}`,
      );
      check(
        closest(beyond, [sand, halo]) === sand,
        "dark theme: no halo pokes out beyond an arrowhead",
        `${beyond} just beyond a barb (sand ${sand}, halo ${halo})`,
      );
      barbs += 1;
    }
  }
  check(barbs === 6, "dark theme: every barb checked", `${barbs}`);
  check(d.cursor === false, "dark theme: no cross-hair after a click");
  // A dip at the cross-hair, a metre from the others: its marker, not the
  // cross, at its centre; the cross keeps clear of the marker (checked on
  // the four sides, as its arrow may cover one).
  await sp.page.keyboard.press("Shift+ArrowRight");
  await sp.page.keyboard.press("Shift+ArrowRight");
  await sp.page.keyboard.press("Enter");
  d = await sp.drawn();
  const last = await sp.lastDip();
  const c = await sp.canvasPoint(last.x, last.y);
  check(d.cursor === true, "dark theme: the cross-hair shows after an arrow key");
  check(near(await sp.pixel(c.x, c.y), d.colours.last), "dark theme: the dip at the cross-hair shows its marker");
  let clear = 0;
  for (const [dx, dy] of [
    [8, 0],
    [-8, 0],
    [0, 8],
    [0, -8],
  ]) {
    const px = await sp.pixel(c.x + dx, c.y + dy);
    if (closest(px, [d.colours.sand, d.colours.cursor]) === d.colours.sand) clear += 1;
  }
  check(clear >= 3, "dark theme: the cross-hair leaves a gap around the newest marker", `${clear} of 4 sides clear`);
}

// ------------------------------------------------- a phone, by touch

// On a phone the Sandpit fits the screen; taps dip where tapped, with no
// cross-hair over the marker; and Replay this pit can be tapped.
async function onAPhone({ context, checks }) {
  const check = checks.check.bind(checks);
  const sp = await SandpitPage.open(context, checks, { loadCheck: `page loads (${options.theme} theme)` });
  const width = PHONE.viewport.width;
  const box = await sp.w.boundingBox();
  const canvasBox = await sp.q("canvas").boundingBox();
  check(
    box.x >= 0 && box.x + box.width <= width + 0.5 && canvasBox.x + canvasBox.width <= box.x + box.width,
    "on a phone the Sandpit fits the screen",
    `widget ${box.x}..${box.x + box.width}, canvas ${canvasBox.x}..${canvasBox.x + canvasBox.width} of ${width} px`,
  );
  for (const [i, [x, y]] of [
    [2.0, 2.0],
    [4.0, 3.5],
  ].entries()) {
    await sp.tapPit(x, y);
    const s = await sp.state();
    check(s.dips === i + 1, `tap ${i + 1} dips`, `${s.dips} dips`);
    if (!s.last) continue;
    check(
      Math.hypot(s.last.x - x, s.last.y - y) < 0.05,
      `tap ${i + 1} dips where tapped`,
      `at (${s.last.x}, ${s.last.y}), tapped (${x}, ${y})`,
    );
    check(s.drawn.cursor === false, `no cross-hair after tap ${i + 1}`);
    const c = await sp.canvasPoint(s.last.x, s.last.y);
    const marker = await sp.markerAt(c.x + 4, c.y, s.drawn.colours);
    check(marker.shows, `the marker of tap ${i + 1} is uncovered`, `${marker.px} vs ${s.drawn.colours.last}`);
  }
  await sp.q("button.sandpit-replay").tap();
  const after = (await sp.state()).dips;
  check(after === 0, "tapping Replay this pit starts the pit again", `${after} dips`);
}

// --------------------------------------------- only this page loads it

// The Sandpit page loads both scripts from the book's widgets folder, and
// pages without a Sandpit load neither.
async function onlyThisPageLoadsIt({ context, checks }) {
  const check = checks.check.bind(checks);
  const visit = async (path) => {
    const page = await watchedPage(context, origin, checks, { theme: options.theme });
    const requested = [];
    page.on("request", (req) => requested.push(new URL(req.url()).pathname));
    const response = await page.goto(`${base}/${path}`, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const core = await page.evaluate(() => typeof globalThis.SandpitCore);
    await page.close();
    return { ok: response && response.ok(), scripts: requested.filter((p) => /sandpit[^/]*\.js$/.test(p)), core };
  };
  const here = await visit(pagePath);
  check(
    here.scripts.some((p) => p.endsWith("/widgets/sandpit-core.js")) &&
      here.scripts.some((p) => p.endsWith("/widgets/sandpit.js")) &&
      here.core === "object",
    "the Sandpit page loads its scripts from widgets/",
    JSON.stringify(here),
  );
  for (const other of ["index.html", "multivariate/index.html", "multivariate/hessian.html"]) {
    const v = await visit(other);
    if (!check(v.ok, `${other} loads`)) continue;
    check(v.scripts.length === 0 && v.core === "undefined", `${other} does not load the Sandpit's scripts`, JSON.stringify(v));
  }
}

// ------------------------------------------------------------- the run

const SCENARIOS = [
  { name: "every Sandpit on the page is set up", context: DESKTOP, run: everySandpitSetUp },
  onSandpit("dips by mouse", dipsByMouse),
  onSandpit("the keyboard: Tab, arrow keys, Enter and Space", theKeyboard),
  onSandpit("a click outside the pit", aClickOutside),
  onSandpit("depth-only mode", depthOnlyMode),
  onSandpit("New random pit on the introductory pit", aNewRandomPit),
  onSandpit("a win, and a replay", aWinAndAReplay),
  onSandpit("a local minimum", aLocalMinimum),
  onSandpit("out of dips", outOfDips),
  onSandpit("step sizes by kind of pit", stepSizesByKind),
  onSandpit("steepest descent on the introductory pit", steepestDescent),
  onSandpit("steepest descent with too small a step", tooSmallSteps),
  onSandpit("Newton's method near the bottom", newtonNearTheBottom),
  onSandpit("Newton's method on the rim", newtonOnTheRim),
  onSandpit("Newton's method overshooting", newtonOvershoots),
  onSandpit("steepest descent with a huge step", aHugeStep),
  onSandpit("a run from the top of a bump", fromTheTopOfABump),
  onSandpit("a run from the bottom itself", fromTheBottomItself),
  onSandpit("Reveal and hide", revealAndHide),
  onSandpit("labels, live regions and the drawing", labelsAndLiveRegions),
  ...(options.screenshot ? [onSandpit("a screenshot of a game", screenshotOfAGame)] : []),
  { name: "in a dark theme", context: DESKTOP, run: inADarkTheme },
  { name: "on a phone, by touch", context: PHONE, run: onAPhone },
  { name: "only the Sandpit page loads its scripts", context: { viewport: { width: 1100, height: 900 } }, run: onlyThisPageLoadsIt },
].filter((s) => s.name.includes(options.only));

// A run that hangs is a failure too.
const watchdog = setTimeout(() => {
  console.log("FAIL sandpit play: timed out after 300 s");
  process.exit(1);
}, 300_000);

const browser = await launchChromium(options.chromium);
let summary;
try {
  summary = await runScenarios(browser, SCENARIOS, { prefix: "  ", listChecks: options.list });
} finally {
  await browser.close();
  clearTimeout(watchdog);
}
const where = `${url} (${options.theme} theme)`;
if (SCENARIOS.length === 0) {
  console.log(`FAIL sandpit play: no scenario's name contains "${options.only}"`);
  process.exit(1);
}
if (summary.failed) {
  console.log(
    `FAIL sandpit play on ${where}: ${summary.failed} of ${SCENARIOS.length} scenarios failed ` +
      `(${summary.checks} checks passed)`,
  );
  process.exit(1);
}
console.log(`sandpit play: OK on ${where}, ${summary.checks} checks passed in ${SCENARIOS.length} scenarios`);
