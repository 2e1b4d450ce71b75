// Plays the Sandpit widget in headless Chromium the way a reader would, and
// fails on anything a reader would notice.
//
// Usage: node sandpit-play.mjs <base-url> <page-path> [--screenshot out.png]
//                              [--theme light|rust|coal|navy|ayu] [--chromium /usr/bin/chromium]
//
//   e.g. node sandpit-play.mjs http://127.0.0.1:8000 multivariate/sandpit.html
//
// The caller serves the built book at <base-url>. On the first
// <div class="sandpit"> of the page it: dips by mouse at a few points and
// reads the height d shown; checks the downhill arrow in gradient mode;
// checks that the info line names the cross-hair only while it is drawn;
// moves the cursor with the arrow keys and dips with Enter and Space; clicks
// outside the pit; switches to depth-only mode and checks that no gradient
// is shown; starts a new random pit; wins (reading the deepest point through
// the test hook `element.sandpit.landscape.deepest()` and clicking there);
// dips at a local minimum that is not the deepest of a pit with several
// hollows and checks the "near a local minimum" message; replays a pit with
// the Replay button; runs out of dips; runs steepest descent (with the
// pit's default step size, one too small to finish and one far too large)
// and Newton's method from a click and checks their reports (each written
// once, under the buttons; no "after 0 steps"; Newton's refusal said in
// plain words with a link to the Hessian section, and no saddle claimed
// unless one was found), and runs from the top of a bump and from the
// bottom itself; checks that New random pit on the introductory pit moves
// to random pits and says their step size; and reveals the landscape. It checks the pixels too: a click or tap leaves the newest
// dip's marker uncovered by the keyboard cross-hair, a dip made at the
// cross-hair shows its marker, and in a dark theme the arrowheads' halo
// stays inside the arrow's outline. It taps the pit on a phone-sized touch
// screen, and opens other pages to check that they do not load the widget's
// scripts. Every other Sandpit on the page must be set up too. Console
// errors, failed or external requests and HTTP errors fail the run.
// --screenshot saves the widget, revealed, with dips and an automatic run,
// in the chosen mdBook theme (default light).

import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const positional = [];
let screenshot = null;
let theme = "light";
let chromiumPath = "/usr/bin/chromium";
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--screenshot") screenshot = args[++i];
  else if (args[i] === "--theme") theme = args[++i];
  else if (args[i] === "--chromium") chromiumPath = args[++i];
  else if (args[i].startsWith("--")) usage(`unknown option ${args[i]}`);
  else positional.push(args[i]);
}
if (positional.length !== 2) usage("expected <base-url> <page-path>");
if (!["light", "rust", "coal", "navy", "ayu"].includes(theme)) usage(`unknown theme ${theme}`);

function usage(why) {
  console.error(`sandpit-play: ${why}`);
  console.error(
    "usage: node sandpit-play.mjs <base-url> <page-path> [--screenshot out.png] [--theme light|rust|coal|navy|ayu]",
  );
  process.exit(2);
}

const base = positional[0].replace(/\/+$/, "");
const url = `${base}/${positional[1].replace(/^\/+/, "")}`;
const origin = new URL(base).origin;

const problems = [];
const passed = [];
function check(ok, what, detail = "") {
  if (ok) passed.push(what);
  else problems.push(detail ? `${what}: ${detail}` : what);
  return ok;
}

// A run that hangs is a failure too.
const watchdog = setTimeout(() => {
  console.log("FAIL sandpit play: timed out after 180 s");
  for (const p of problems) console.log(`     ${p}`);
  process.exit(1);
}, 180_000);

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let exitCode = 0;
try {
  await play();
  await playDark();
  await playByTouch();
  await otherPages();
} catch (e) {
  problems.push(`the run stopped: ${e.stack ?? e}`);
} finally {
  await browser.close();
  clearTimeout(watchdog);
}
if (problems.length) {
  console.log(`FAIL sandpit play on ${url} (${theme} theme): ${problems.length} problems`);
  for (const p of [...new Set(problems)]) console.log(`     ${p}`);
  exitCode = 1;
} else {
  console.log(`sandpit play: OK on ${url} (${theme} theme), ${passed.length} checks passed`);
}
process.exit(exitCode);

async function play() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    problems.push(`external request: ${u}`);
    return route.abort();
  });
  page.on("requestfailed", (req) => {
    if (req.url().startsWith(origin)) problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);

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
    passed.push(`all ${count} Sandpits set up`);
  } catch {
    problems.push("not every Sandpit on the page was set up (is sandpit-core.js loaded before sandpit.js?)");
    return;
  }
  // Every Sandpit starts in the mode its data-mode asks for.
  const modes = await all.evaluateAll((els) =>
    els.map((e) => [e.dataset.mode || "gradient", e.sandpit.mode, e.dataset.landscape || "intro", e.sandpit.landscape.kind]),
  );
  modes.forEach(([want, got, kindWant, kindGot], i) => {
    check(got === want, `Sandpit ${i + 1} starts in ${want} mode`, `it is in ${got} mode`);
    check(kindGot === kindWant, `Sandpit ${i + 1} starts with a ${kindWant} pit`, `it has a ${kindGot} pit`);
  });

  const w = all.first();
  await w.scrollIntoViewIfNeeded();
  const q = (sel) => w.locator(sel);
  const text = async (sel) => ((await q(sel).textContent()) ?? "").trim();
  const hook = (fn, arg) => w.evaluate(fn, arg);
  const state = () =>
    hook((e) => {
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
  // Clicks the canvas at pit coordinates (metres), as a reader's mouse.
  const clickPit = async (x, y) => {
    await q("canvas.sandpit-canvas").scrollIntoViewIfNeeded();
    const p = await hook((e, [px, py]) => e.sandpit.clientPoint(px, py), [x, y]);
    await page.mouse.click(p.x, p.y);
  };
  const message = () => text(".sandpit-message");
  const pixel = (x, y) => pixelAt(w, x, y);
  const readDepth = (s) => {
    const m = s.replace(/\u2212/g, "-").match(/\bd = (-?\d+\.\d+) m/);
    return m ? Number(m[1]) : NaN;
  };

  // Start from the introductory pit in gradient mode.
  await q("select.sandpit-kind").selectOption("intro");
  let s = await state();
  if (s.mode !== "gradient") await q("button.sandpit-mode").click();
  s = await state();
  check(s.mode === "gradient" && s.dips === 0, "a fresh game in gradient mode", JSON.stringify(s));
  check(s.drawn.revealed === false, "the landscape starts hidden");

  // 1. Dips by mouse; the depth shown is the landscape's.
  const targets = [
    [1.0, 1.0],
    [5.0, 5.0],
    [2.0, 4.5],
  ];
  for (const [i, [x, y]] of targets.entries()) {
    await clickPit(x, y);
    s = await state();
    const readout = await text(".sandpit-readout");
    check(s.dips === i + 1, `mouse dip ${i + 1} counted`, `${s.dips} dips`);
    if (!s.last) continue;
    check(
      Math.hypot(s.last.x - x, s.last.y - y) < 0.05,
      `mouse dip ${i + 1} lands where clicked`,
      `at (${s.last.x}, ${s.last.y}), clicked (${x}, ${y})`,
    );
    const shown = readDepth(readout);
    const truth = await hook((e, [px, py]) => e.sandpit.landscape.depth(px, py), [s.last.x, s.last.y]);
    check(
      Math.abs(shown - truth) <= 0.0006,
      `dip ${i + 1} shows the depth reading`,
      `readout "${readout}" vs depth ${truth}`,
    );
    check(readout.startsWith(`Dip ${i + 1} at`), `dip ${i + 1} is described`, readout);
    check(/Gradient/.test(readout) && s.last.gradient !== null, `dip ${i + 1} shows the gradient`, readout);
    check(s.drawn.arrows === i + 1, `dip ${i + 1} draws a downhill arrow`, `${s.drawn.arrows} arrows drawn`);
    check(s.rows === i + 1, `dip ${i + 1} is listed`, `${s.rows} rows`);
  }
  // A click leaves the keyboard cross-hair hidden: it would cover the
  // newest dip's marker, which shows in its own colour. The info line then
  // says nothing of a cross-hair the reader cannot see.
  s = await state();
  check(s.drawn.cursor === false, "no cross-hair is drawn after a click", JSON.stringify(s.drawn));
  check(
    !/cross-hair|cursor/i.test(await text(".sandpit-info")),
    "after a click the info line does not mention a cross-hair",
    await text(".sandpit-info"),
  );
  check(
    /below the rim/.test(await text(".sandpit-readout")),
    "a reading says how far below the rim the ground is",
    await text(".sandpit-readout"),
  );
  check(
    (await q(".sandpit-dips th").nth(3).textContent()).trim() === "height d (m)",
    "the dip list's column is the height d",
    await q(".sandpit-dips th").nth(3).textContent(),
  );
  {
    const c = await canvasPoint(w, s.last.x, s.last.y);
    const { last, cursor, halo } = s.drawn.colours;
    const marker = await pixel(c.x + 4, c.y);
    check(
      closest(marker, [last, cursor, halo]) === last,
      "the newest dip's marker is uncovered after a click",
      `pixel ${marker} beside it, marker colour ${s.drawn.colours.last}`,
    );
  }

  // The arrow points downhill: against the gradient.
  const downhillOk = await hook((e) => {
    const d = e.sandpit.game.dips[0];
    const down = e.sandpit.landscape.downhill(d.x, d.y);
    return down[0] * d.gradient[0] + down[1] * d.gradient[1] < 0;
  });
  check(downhillOk, "downhill is against the gradient");

  // 2. The keyboard: Tab reaches the pit and shows the cross-hair, arrows
  // move it, Enter and Space dip.
  await q("button.sandpit-reveal").focus();
  await page.keyboard.press("Tab");
  check(
    await hook((e) => document.activeElement === e.querySelector("canvas.sandpit-canvas")),
    "Tab from the last button of the bar reaches the pit",
  );
  s = await state();
  check(s.drawn.cursor === true, "the cross-hair shows when Tab focuses the pit", JSON.stringify(s.drawn));
  await q("canvas.sandpit-canvas").focus();
  const before = await state();
  for (const k of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp", "Shift+ArrowLeft"]) {
    await page.keyboard.press(k);
  }
  s = await state();
  const moved = [s.cursor.x - before.cursor.x, s.cursor.y - before.cursor.y];
  // The cursor keeps to the millimetre, so allow for that rounding.
  check(
    Math.abs(moved[0] - (0.3 - 0.5)) < 0.002 && Math.abs(moved[1] - 0.2) < 0.002,
    "arrow keys move the cursor by 0.1 m (0.5 m with Shift)",
    `from (${before.cursor.x}, ${before.cursor.y}) to (${s.cursor.x}, ${s.cursor.y})`,
  );
  check(s.drawn.cursor === true, "the cursor is drawn while the pit has focus");
  check(
    (await text(".sandpit-info")).includes(`cross-hair at x = ${s.cursor.x.toFixed(2)} m`),
    "the cross-hair's position is shown while it is drawn",
    await text(".sandpit-info"),
  );
  await page.keyboard.press("Enter");
  s = await state();
  check(s.dips === before.dips + 1, "Enter dips", `${s.dips} dips`);
  check(
    s.last && s.last.x === s.cursor.x && s.last.y === s.cursor.y,
    "Enter dips at the cursor",
    JSON.stringify(s.last),
  );
  {
    // The dip made at the cross-hair shows its marker above the cross.
    const c = await canvasPoint(w, s.last.x, s.last.y);
    const { last, cursor, halo } = s.drawn.colours;
    const marker = [await pixel(c.x + 4, c.y), await pixel(c.x, c.y - 4)];
    check(
      s.drawn.cursor && marker.every((m) => closest(m, [last, cursor, halo]) === last),
      "a dip made at the cross-hair shows its marker above it",
      `pixels ${marker.join(" / ")}, marker colour ${s.drawn.colours.last}`,
    );
  }
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  s = await state();
  check(s.dips === before.dips + 2, "Space dips", `${s.dips} dips`);

  // 3. A click outside the pit is refused and does not count.
  await clickPit(-0.2, -0.3);
  s = await state();
  check(/outside the pit/.test(await message()), "a click outside the pit is refused", await message());
  check(s.dips === before.dips + 2, "a click outside the pit does not count");

  // 4. Depth-only mode: no gradient anywhere.
  await q("button.sandpit-mode").click();
  s = await state();
  check(s.mode === "depth-only", "the mode button switches to depth-only", s.mode);
  check((await q("button.sandpit-mode").getAttribute("aria-pressed")) === "true", "the mode button is pressed");
  check(s.dips === 0 && s.rows === 0, "depth-only mode starts a new game", `${s.dips} dips, ${s.rows} rows`);
  await clickPit(2.2, 1.4);
  await clickPit(4.4, 4.4);
  s = await state();
  const readout = await text(".sandpit-readout");
  check(s.dips === 2, "depth-only dips count", `${s.dips}`);
  check(!/gradient|\u2207|arrow/i.test(readout), "depth-only mode shows no gradient", readout);
  check(Number.isFinite(readDepth(readout)), "depth-only mode shows the depth", readout);
  check(s.last && s.last.gradient === null, "depth-only dips have no gradient");
  check(s.drawn.arrows === 0 && s.drawn.dips === 2, "depth-only mode draws no arrows", JSON.stringify(s.drawn));
  await q("button.sandpit-mode").click();
  s = await state();
  check(s.mode === "gradient", "the mode button switches back to gradient", s.mode);

  // 5. A new random pit. From the introductory pit it moves on to random
  // pits, whose default step size is smaller, and says so.
  const oldName = s.name;
  const randomStep = await hook((e) => String(e.sandpit.core.DEFAULT_STEP.random));
  await q("button.sandpit-new").click();
  s = await state();
  check(s.kind === "random" && s.name !== oldName, "New random pit makes a random pit", `${oldName} -> ${s.name}`);
  check(s.dips === 0 && s.drawn.dips === 0 && !s.drawn.revealed, "a new pit starts blank", JSON.stringify(s.drawn));
  check(/new pit/i.test(await message()), "a new pit is announced", await message());
  check((await q("select.sandpit-kind").inputValue()) === "random", "the Pit menu then shows Random");
  check(
    (await q("input.sandpit-step").inputValue()) === randomStep &&
      (await message()).includes(`step size \u03b7 is now ${randomStep}, the default for random pits`),
    "moving on to random pits sets their step size and says so",
    `${await q("input.sandpit-step").inputValue()}: ${await message()}`,
  );

  // 6. Win: one miss, then the deepest point.
  const deepest = await hook((e) => e.sandpit.landscape.deepest());
  const miss = [deepest.x < 3 ? deepest.x + 1.5 : deepest.x - 1.5, deepest.y];
  await clickPit(miss[0], miss[1]);
  await clickPit(deepest.x, deepest.y);
  s = await state();
  let msg = await message();
  check(s.over && s.last?.outcome.kind === "won", "a dip at the deepest point wins", JSON.stringify(s.last));
  check(msg.includes(`You found the deepest point in ${s.dips} dips`), "the win is announced", msg);
  check(s.drawn.revealed && s.drawn.minima >= 1, "the landscape is revealed after the game", JSON.stringify(s.drawn));
  check(await q(".sandpit-legend").isVisible(), "the colour legend is shown with the landscape");
  check(/Replay this pit/.test(msg), "the win says how to replay the pit", msg);
  await clickPit(1, 1);
  check(/game is over/i.test(await message()), "a dip after the game is refused", await message());
  check(/Replay this pit/.test(await message()), "the refusal says how to replay the pit", await message());

  // Replay: the same pit, hidden again, with every dip back; and it can be
  // won again.
  const wonPit = s.name;
  const eta = await q("input.sandpit-step").inputValue();
  await q("input.sandpit-step").fill("0.07");
  await q("button.sandpit-replay").click();
  s = await state();
  check(s.name === wonPit && s.kind === "random", "Replay this pit plays the same pit", `${wonPit} -> ${s.name}`);
  check(
    s.dips === 0 && !s.over && !s.revealed && !s.drawn.revealed && s.rows === 0,
    "a replayed pit starts hidden, with no dips",
    JSON.stringify(s),
  );
  check((await q("select.sandpit-kind").inputValue()) === "random", "the Pit menu still shows the kind");
  check(/again/.test(await message()) && (await message()).includes(wonPit), "the replay is announced", await message());
  check((await q("input.sandpit-step").inputValue()) === "0.07", "a replay keeps the reader's step size");
  const again = await hook((e) => e.sandpit.landscape.deepest());
  check(
    again.x === deepest.x && again.y === deepest.y,
    "the replayed pit has the same deepest point",
    `${JSON.stringify(deepest)} vs ${JSON.stringify(again)}`,
  );
  await clickPit(deepest.x, deepest.y);
  s = await state();
  check(s.over && s.last?.outcome.kind === "won" && s.dips === 1, "a replayed pit can be won again", JSON.stringify(s.last));
  await q("input.sandpit-step").fill(eta);

  // 7. Stuck in a local minimum, on a pit with several hollows.
  await q("select.sandpit-kind").selectOption("multiple");
  const minima = await hook((e) => e.sandpit.landscape.localMinima());
  s = await state();
  check(s.kind === "multiple" && minima.length >= 2, "a pit with several hollows", `${s.kind}, ${minima.length} minima`);
  if (minima.length >= 2) {
    await clickPit(minima[1].x, minima[1].y);
    s = await state();
    msg = await message();
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
    await clickPit(minima[1].x + 0.12, minima[1].y);
    msg = await message();
    check(/this dip is 12 cm from the bottom of a hollow/.test(msg), "12 cm from the bottom is near a local minimum", msg);
    check(!s.over, "the game goes on after a local minimum");
    check(
      /near a local minimum/.test(await q(".sandpit-dips tbody tr").last().textContent()),
      "the dip list notes the local minimum",
    );
  }

  // 8. Out of dips: dip far from every minimum until the limit.
  await q("select.sandpit-kind").selectOption("random");
  s = await state();
  const far = await hook((e) => {
    const mins = e.sandpit.landscape.localMinima();
    const out = [];
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++) {
        const p = [0.25 + i * 0.5, 0.25 + j * 0.5];
        if (mins.every((m) => Math.hypot(m.x - p[0], m.y - p[1]) > 0.5)) out.push(p);
      }
    return out;
  });
  for (let i = 0; i < s.maxDips && i < far.length; i++) await clickPit(far[i][0], far[i][1]);
  s = await state();
  msg = await message();
  check(s.over && s.last?.outcome.kind === "out-of-dips", `the game ends after ${s.maxDips} dips`, JSON.stringify(s.last));
  check(/out of dips/i.test(msg), "running out of dips is announced", msg);
  check(s.drawn.revealed, "the landscape is revealed when the dips run out");

  // 9. Automatic play: steepest descent and Newton, from a click.
  // Each kind of pit brings its own step size; a new pit of the same kind
  // keeps the reader's.
  const defaults = await hook((e) => e.sandpit.core.DEFAULT_STEP);
  check(
    (await q("input.sandpit-step").inputValue()) === String(defaults.random),
    "a random pit starts with its step size",
    await q("input.sandpit-step").inputValue(),
  );
  await q("select.sandpit-kind").selectOption("multiple");
  check(
    (await q("input.sandpit-step").inputValue()) === String(defaults.multiple),
    "choosing a kind of pit sets its step size",
    `${await q("input.sandpit-step").inputValue()}, default ${defaults.multiple}`,
  );
  await q("input.sandpit-step").fill("0.15");
  await q("button.sandpit-new").click();
  check((await q("input.sandpit-step").inputValue()) === "0.15", "a new pit of the same kind keeps the reader's step size");
  await q("select.sandpit-kind").selectOption("intro");
  check(
    (await q("input.sandpit-step").inputValue()) === String(defaults.intro),
    "the introductory pit's step size is its default",
  );
  // Waits for the run to finish; then the report is written once, under
  // the buttons, and the status line only points to it.
  const waitForReport = async (what) => {
    try {
      await page.waitForFunction((el) => el.sandpit.run && el.sandpit.run.done, await w.elementHandle(), {
        timeout: 20_000,
      });
    } catch {
      problems.push(`${what}: no report after 20 s ("${await text(".sandpit-report")}")`);
      return false;
    }
    const report = await text(".sandpit-report");
    const msg = await message();
    check(/has finished: the report is under the buttons\.$/.test(msg), `${what}: the status line points to the report`, msg);
    check(!msg.includes(report.slice(0, 40)), `${what}: the report is not printed twice`, `${msg} / ${report}`);
    check(!/after 0 steps/.test(report), `${what}: no "after 0 steps"`, report);
    return true;
  };
  await q("button.sandpit-descent").click();
  check(
    (await q("button.sandpit-descent").getAttribute("aria-pressed")) === "true",
    "the steepest descent button waits for a click",
  );
  // The default step size wins the introductory pit from (1, 5) within the
  // 20 dips of the game.
  await clickPit(1.0, 5.0);
  if (await waitForReport("steepest descent")) {
    const report = await text(".sandpit-report");
    const run = await hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
    check(/^Steepest descent/.test(report) && report.includes(`after ${run.steps} steps`), "steepest descent reports its steps", report);
    check(run.status === "converged" && /converged/.test(report), "steepest descent converges on the intro pit", report);
    check(/That is the deepest point/.test(report), "steepest descent finds the deepest point of the introductory pit", report);
    check(run.steps <= 19, "with the default step size, within the game's 20 dips", `${run.steps} steps`);
    check((await q(".sandpit-step-list li").count()) > 1, "the steps are listed");
    s = await state();
    check(s.dips === 0, "an automatic run does not use up dips", `${s.dips} dips`);
    check(s.drawn.paths === 1, "the path is drawn");
  }
  // Too small a step stops at the step limit; 1 cm from the bottom it says
  // it was nearly there, farther away it says how far.
  const d0 = await hook((e) => e.sandpit.landscape.deepest());
  for (const [step, want] of [
    ["0.01", /It was nearly there: \d cm from the deepest point\./],
    ["0.005", /It ended \d\.\d\d m from the deepest point\./],
  ]) {
    await q("input.sandpit-step").fill(step);
    await q("button.sandpit-descent").click();
    await clickPit(1.0, 5.0);
    if (await waitForReport(`steepest descent with step ${step}`)) {
      const report = await text(".sandpit-report");
      const end = await hook((e) => {
        const r = e.sandpit.run.result;
        return { status: r.status, end: r.path[r.path.length - 1] };
      });
      const gap = Math.hypot(end.end[0] - d0.x, end.end[1] - d0.y);
      check(end.status === "max-steps" && /step limit/.test(report), `step ${step} stops at the step limit`, report);
      check(want.test(report), `step ${step}: the report says how close it came (${gap.toFixed(3)} m)`, report);
    }
  }
  await q("button.sandpit-newton").click();
  await clickPit(Math.min(d0.x + 0.5, 5.9), Math.max(d0.y - 0.4, 0.1));
  if (await waitForReport("Newton's method")) {
    const report = await text(".sandpit-report");
    const run = await hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
    check(/^Newton's method/.test(report) && report.includes(`after ${run.steps} step`), "Newton reports its steps", report);
    check(run.status === "converged", "Newton converges near the bottom of the bowl", report);
  }
  // Far out on the rim the ground curves down: Newton must refuse, say why
  // in plain words, point to the Hessian section, and claim no saddle.
  await q("button.sandpit-newton").click();
  await clickPit(0.1, 5.9);
  if (await waitForReport("Newton's method on the rim")) {
    const report = await text(".sandpit-report");
    const run = await hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
    check(run.status === "not-a-minimum" && run.steps === 0, "Newton takes no step on the rim", JSON.stringify(run));
    check(/^Newton's method from \(.*\): it took no step\. At the start the ground curves down/.test(report), "Newton on the rim says it took no step and why", report);
    check(!/saddle|hump/.test(report), "Newton on the rim claims no saddle or hump", report);
    const href = await q(".sandpit-report a").getAttribute("href");
    check(
      /(^|\/)multivariate\/hessian\.html#the-second-order-picture$/.test(href ?? ""),
      "the refusal links to the Hessian section",
      String(href),
    );
  }
  // From (4.5, 3.5) Newton's first jump overshoots to where the ground is
  // no bowl, as the chapter says: one step, then it stops.
  await q("button.sandpit-newton").click();
  await clickPit(4.5, 3.5);
  if (await waitForReport("Newton's method from (4.5, 3.5)")) {
    const report = await text(".sandpit-report");
    const run = await hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
    check(run.status === "not-a-minimum" && run.steps === 1, "Newton from (4.5, 3.5) stops after one step", JSON.stringify(run));
    check(/it stopped after 1 step, at \(2\.8\d, 0\.7\d\)/.test(report), "it says where it stopped", report);
    check(/There the ground curves down in at least one direction/.test(report), "and why", report);
  }
  // A step size far too large never claims convergence.
  await q("input.sandpit-step").fill("40");
  await q("button.sandpit-descent").click();
  await clickPit(1.5, 1.5);
  if (await waitForReport("steepest descent with a huge step")) {
    const report = await text(".sandpit-report");
    check(!/converged/.test(report), "a huge step does not claim convergence", report);
  }

  // Steepest descent started exactly on the top of a bump (found by
  // Newton's iteration on the gradient, through the test hook, in a pit with
  // several hollows and a hill or two) takes no step, and says what it
  // found there.
  {
    let top = null;
    for (let seed = 1; seed <= 30 && !top; seed++) {
      top = await hook((e, seed) => {
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
    if (check(top !== null, "a pit with several hollows has the top of a bump")) {
      await hook((e, p) => e.sandpit.play("steepest", p[0], p[1]), top);
      if (await waitForReport("steepest descent from the top of a bump")) {
        const report = await text(".sandpit-report");
        check(
          /it took no step: the ground at the start is level, but it is the top of a bump, curving down every way/.test(report),
          "steepest descent on the top of a bump says so",
          report,
        );
      }
    }
    // Started at the bottom itself, it says so instead of "after 0 steps".
    const bottom = await hook((e) => e.sandpit.landscape.deepest());
    await hook((e, p) => e.sandpit.play("newton", p.x, p.y), bottom);
    if (await waitForReport("Newton's method from the deepest point")) {
      const report = await text(".sandpit-report");
      check(
        /it took no step: it started at the bottom of a hollow, where d = .* That is the deepest point\./.test(report),
        "a run from the bottom itself says it took no step",
        report,
      );
    }
  }

  // 10. Reveal on demand, and hide again.
  await q("button.sandpit-reveal").click();
  s = await state();
  check(s.revealed && s.drawn.revealed, "Reveal shows the landscape");
  check((await q("button.sandpit-reveal").getAttribute("aria-pressed")) === "true", "the Reveal button is pressed");
  await q("button.sandpit-reveal").click();
  s = await state();
  check(!s.revealed && !s.drawn.revealed, "the landscape can be hidden again");

  // The buttons are real buttons with labels.
  const unlabeled = await w.evaluate((e) =>
    [...e.querySelectorAll("button")].filter((b) => !b.textContent.trim()).length,
  );
  check(unlabeled === 0, "every button has a label", `${unlabeled} without`);
  const live = await w.evaluate((e) => e.querySelectorAll("[aria-live]").length);
  check(live >= 2, "status updates go to aria-live regions", `${live}`);
  const pixels = await hook((e) => {
    const c = e.querySelector("canvas");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let opaque = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) opaque++;
    return opaque / (d.length / 4);
  });
  check(pixels > 0.5, "the canvas is drawn", `${(pixels * 100).toFixed(0)}% of it painted`);

  if (screenshot) {
    // A picture of a game in progress: a few dips, a descent, revealed.
    await q("select.sandpit-kind").selectOption("intro");
    await q("input.sandpit-step").fill(String(defaults.intro));
    for (const [x, y] of [
      [1.2, 4.8],
      [5.2, 4.6],
      [2.0, 1.2],
      [4.6, 2.0],
    ]) {
      await clickPit(x, y);
    }
    await q("button.sandpit-descent").click();
    await clickPit(0.8, 3.6);
    await waitForReport("steepest descent for the screenshot");
    await q("button.sandpit-reveal").click();
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 1100, height: 1600 });
    // Clear of mdBook's menu bar, which stays at the top of the window.
    await w.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 70));
    const box = await w.boundingBox();
    await page.screenshot({
      path: screenshot,
      clip: { x: Math.max(box.x - 10, 0), y: Math.max(box.y - 10, 0), width: box.width + 20, height: box.height + 20 },
    });
    console.log(`screenshot (${theme} theme) written to ${screenshot}`);
  }
  await context.close();
}

// ---------------------------------------------------------------- helpers

// Fails the run on what a reader would notice going wrong with the page.
async function watch(context, themeName) {
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    problems.push(`external request: ${u}`);
    return route.abort();
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.addInitScript((t) => localStorage.setItem("mdbook-theme", t), themeName);
  return page;
}

// Opens the Sandpit page and waits for the first Sandpit; null if it fails.
async function openSandpit(context, themeName) {
  const page = await watch(context, themeName);
  const response = await page.goto(url, { waitUntil: "load" });
  if (!check(response && response.ok(), `page loads (${themeName} theme)`, `HTTP ${response?.status()}`)) return null;
  try {
    await page.waitForFunction(() => document.querySelector("div.sandpit")?.dataset.ready === "true", null, {
      timeout: 10_000,
    });
  } catch {
    problems.push(`the Sandpit was not set up (${themeName} theme)`);
    return null;
  }
  const w = page.locator("div.sandpit").first();
  await w.locator("canvas.sandpit-canvas").scrollIntoViewIfNeeded();
  return { page, w };
}

// Where a point of the pit (metres) is on the canvas, in CSS pixels from
// the canvas's top left corner.
function canvasPoint(w, x, y) {
  return w.evaluate(
    (e, [px, py]) => {
      const r = e.querySelector("canvas").getBoundingClientRect();
      const c = e.sandpit.clientPoint(px, py);
      return { x: c.x - r.left, y: c.y - r.top };
    },
    [x, y],
  );
}

// The colour drawn at canvas CSS pixel (x, y), as "#rrggbb".
function pixelAt(w, x, y) {
  return w.evaluate(
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

// ------------------------------------------------------- in a dark theme

async function playDark() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  const opened = await openSandpit(context, "navy");
  if (!opened) return context.close();
  const { page, w } = opened;
  const drawn = () => w.evaluate((e) => JSON.parse(JSON.stringify(e.sandpit.drawn)));
  for (const [x, y] of [
    [1.0, 1.0],
    [5.0, 5.0],
    [2.0, 4.5],
  ]) {
    const p = await w.evaluate((e, [px, py]) => e.sandpit.clientPoint(px, py), [x, y]);
    await page.mouse.click(p.x, p.y);
  }
  let d = await drawn();
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
      const at = (r) => pixelAt(w, a.to[0] + r * ux, a.to[1] + r * uy);
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
        `${beyond} just beyond a barb (sand ${d.colours.sand}, halo ${d.colours.halo})`,
      );
      barbs += 1;
    }
  }
  check(barbs === 6, "dark theme: every barb checked", `${barbs}`);
  check(d.cursor === false, "dark theme: no cross-hair after a click");
  // A dip at the cross-hair, a metre from the others: its marker, not the
  // cross, at its centre; the cross keeps clear of the marker (checked on
  // the four sides, as its arrow may cover one).
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Enter");
  d = await drawn();
  const last = await w.evaluate((e) => e.sandpit.game.dips[e.sandpit.game.dips.length - 1]);
  const c = await canvasPoint(w, last.x, last.y);
  check(d.cursor === true, "dark theme: the cross-hair shows after an arrow key");
  check(near(await pixelAt(w, c.x, c.y), d.colours.last), "dark theme: the dip at the cross-hair shows its marker");
  let clear = 0;
  for (const [dx, dy] of [
    [8, 0],
    [-8, 0],
    [0, 8],
    [0, -8],
  ]) {
    const px = await pixelAt(w, c.x + dx, c.y + dy);
    if (closest(px, [d.colours.sand, d.colours.cursor]) === d.colours.sand) clear += 1;
  }
  check(clear >= 3, "dark theme: the cross-hair leaves a gap around the newest marker", `${clear} of 4 sides clear`);
  await context.close();
}

// ------------------------------------------------- a phone, by touch

async function playByTouch() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    hasTouch: true,
    isMobile: true,
  });
  const opened = await openSandpit(context, theme);
  if (!opened) return context.close();
  const { page, w } = opened;
  const box = await w.boundingBox();
  const canvasBox = await w.locator("canvas").boundingBox();
  check(
    box.x >= 0 && box.x + box.width <= 390 + 0.5 && canvasBox.x + canvasBox.width <= box.x + box.width,
    "on a phone the Sandpit fits the screen",
    `widget ${box.x}..${box.x + box.width}, canvas ${canvasBox.x}..${canvasBox.x + canvasBox.width} of 390 px`,
  );
  for (const [i, [x, y]] of [
    [2.0, 2.0],
    [4.0, 3.5],
  ].entries()) {
    await w.locator("canvas").scrollIntoViewIfNeeded();
    const p = await w.evaluate((e, [px, py]) => e.sandpit.clientPoint(px, py), [x, y]);
    await page.touchscreen.tap(p.x, p.y);
    const s = await w.evaluate((e) => ({
      dips: e.sandpit.game.dips.length,
      last: e.sandpit.game.dips[e.sandpit.game.dips.length - 1],
      drawn: JSON.parse(JSON.stringify(e.sandpit.drawn)),
    }));
    check(s.dips === i + 1, `tap ${i + 1} dips`, `${s.dips} dips`);
    if (!s.last) continue;
    check(
      Math.hypot(s.last.x - x, s.last.y - y) < 0.05,
      `tap ${i + 1} dips where tapped`,
      `at (${s.last.x}, ${s.last.y}), tapped (${x}, ${y})`,
    );
    check(s.drawn.cursor === false, `no cross-hair after tap ${i + 1}`);
    const c = await canvasPoint(w, s.last.x, s.last.y);
    const px = await pixelAt(w, c.x + 4, c.y);
    const { last, cursor, halo } = s.drawn.colours;
    check(
      closest(px, [last, cursor, halo]) === last,
      `the marker of tap ${i + 1} is uncovered`,
      `${px} vs ${s.drawn.colours.last}`,
    );
  }
  await w.locator("button.sandpit-replay").tap();
  const after = await w.evaluate((e) => e.sandpit.game.dips.length);
  check(after === 0, "tapping Replay this pit starts the pit again", `${after} dips`);
  await context.close();
}

// --------------------------------------------- only this page loads it

async function otherPages() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const visit = async (pagePath) => {
    const page = await watch(context, theme);
    const requested = [];
    page.on("request", (req) => requested.push(new URL(req.url()).pathname));
    const response = await page.goto(`${base}/${pagePath}`, { waitUntil: "load" });
    await page.waitForLoadState("networkidle");
    const core = await page.evaluate(() => typeof globalThis.SandpitCore);
    await page.close();
    return { ok: response && response.ok(), scripts: requested.filter((p) => /sandpit[^/]*\.js$/.test(p)), core };
  };
  // The page itself loads both scripts, from the book's widgets folder...
  const here = await visit(positional[1].replace(/^\/+/, ""));
  check(
    here.scripts.some((p) => p.endsWith("/widgets/sandpit-core.js")) &&
      here.scripts.some((p) => p.endsWith("/widgets/sandpit.js")) &&
      here.core === "object",
    "the Sandpit page loads its scripts from widgets/",
    JSON.stringify(here),
  );
  // ...and pages without a Sandpit load neither.
  for (const other of ["index.html", "multivariate/index.html", "multivariate/hessian.html"]) {
    const v = await visit(other);
    if (!check(v.ok, `${other} loads`)) continue;
    check(
      v.scripts.length === 0 && v.core === "undefined",
      `${other} does not load the Sandpit's scripts`,
      JSON.stringify(v),
    );
  }
  await context.close();
}
