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
// reads the depth shown; checks the downhill arrow in gradient mode; moves
// the cursor with the arrow keys and dips with Enter and Space; clicks
// outside the pit; switches to depth-only mode and checks that no gradient
// is shown; starts a new random pit; wins (reading the deepest point through
// the test hook `element.sandpit.landscape.deepest()` and clicking there);
// dips at a local minimum that is not the deepest of a pit with several
// hollows and checks the "stuck in a local minimum" message; runs out of
// dips; runs steepest descent and Newton's method from a click and checks
// their reports; and reveals the landscape. Every other Sandpit on the page
// must be set up too. Console errors, failed or external requests and HTTP
// errors fail the run. --screenshot saves the widget, revealed, with dips and
// an automatic run, in the chosen mdBook theme (default light).

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
  const readDepth = (s) => {
    const m = s.replace(/\u2212/g, "-").match(/depth (-?\d+\.\d+) m/);
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
  // The arrow points downhill: against the gradient.
  const downhillOk = await hook((e) => {
    const d = e.sandpit.game.dips[0];
    const down = e.sandpit.landscape.downhill(d.x, d.y);
    return down[0] * d.gradient[0] + down[1] * d.gradient[1] < 0;
  });
  check(downhillOk, "downhill is against the gradient");

  // 2. The keyboard: arrows move the cursor, Enter and Space dip.
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
    (await text(".sandpit-info")).includes(`x = ${s.cursor.x.toFixed(2)} m`),
    "the cursor position is shown",
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

  // 5. A new random pit.
  const oldName = s.name;
  await q("button.sandpit-new").click();
  s = await state();
  check(s.kind === "random" && s.name !== oldName, "New random pit makes a random pit", `${oldName} -> ${s.name}`);
  check(s.dips === 0 && s.drawn.dips === 0 && !s.drawn.revealed, "a new pit starts blank", JSON.stringify(s.drawn));
  check(/new pit/i.test(await message()), "a new pit is announced", await message());

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
  await clickPit(1, 1);
  check(/game is over/i.test(await message()), "a dip after the game is refused", await message());

  // 7. Stuck in a local minimum, on a pit with several hollows.
  await q("select.sandpit-kind").selectOption("multiple");
  const minima = await hook((e) => e.sandpit.landscape.localMinima());
  s = await state();
  check(s.kind === "multiple" && minima.length >= 2, "a pit with several hollows", `${s.kind}, ${minima.length} minima`);
  if (minima.length >= 2) {
    await clickPit(minima[1].x, minima[1].y);
    s = await state();
    msg = await message();
    check(/stuck in a local minimum/i.test(msg), "a dip at another local minimum is told so", msg);
    check(!s.over, "the game goes on after a local minimum");
    check(
      /local minimum/.test(await q(".sandpit-dips tbody tr").last().textContent()),
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
  await q("select.sandpit-kind").selectOption("intro");
  const waitForReport = async (what) => {
    try {
      await page.waitForFunction(
        (el) => /after \d+ steps?/.test(el.querySelector(".sandpit-report").textContent),
        await w.elementHandle(),
        { timeout: 20_000 },
      );
      return true;
    } catch {
      problems.push(`${what}: no report after 20 s ("${await text(".sandpit-report")}")`);
      return false;
    }
  };
  await q("button.sandpit-descent").click();
  check(
    (await q("button.sandpit-descent").getAttribute("aria-pressed")) === "true",
    "the steepest descent button waits for a click",
  );
  await q("input.sandpit-step").fill("0.5");
  await clickPit(1.0, 5.0);
  if (await waitForReport("steepest descent")) {
    const report = await text(".sandpit-report");
    const run = await hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
    check(/^Steepest descent/.test(report) && report.includes(`after ${run.steps} steps`), "steepest descent reports its steps", report);
    check(run.status === "converged" && /converged/.test(report), "steepest descent converges on the intro pit", report);
    check(/deepest point/.test(report), "steepest descent says whether it found the deepest point", report);
    check((await q(".sandpit-step-list li").count()) > 1, "the steps are listed");
    s = await state();
    check(s.dips === 0, "an automatic run does not use up dips", `${s.dips} dips`);
    check(s.drawn.paths === 1, "the path is drawn");
  }
  const d0 = await hook((e) => e.sandpit.landscape.deepest());
  await q("button.sandpit-newton").click();
  await clickPit(Math.min(d0.x + 0.5, 5.9), Math.max(d0.y - 0.4, 0.1));
  if (await waitForReport("Newton's method")) {
    const report = await text(".sandpit-report");
    const run = await hook((e) => ({ status: e.sandpit.run.result.status, steps: e.sandpit.run.result.path.length - 1 }));
    check(/^Newton's method/.test(report) && report.includes(`after ${run.steps} step`), "Newton reports its steps", report);
    check(run.status === "converged", "Newton converges near the bottom of the bowl", report);
  }
  // Far out on the rim the bowl curves the wrong way: Newton must say so.
  await q("button.sandpit-newton").click();
  await clickPit(0.1, 5.9);
  if (await waitForReport("Newton's method on the rim")) {
    const report = await text(".sandpit-report");
    check(/not heading for a minimum/.test(report), "Newton on the rim says it is not heading for a minimum", report);
  }
  // A step size far too large never claims convergence.
  await q("input.sandpit-step").fill("40");
  await q("button.sandpit-descent").click();
  await clickPit(1.5, 1.5);
  if (await waitForReport("steepest descent with a huge step")) {
    const report = await text(".sandpit-report");
    check(!/converged/.test(report), "a huge step does not claim convergence", report);
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
    await q("input.sandpit-step").fill("0.5");
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
