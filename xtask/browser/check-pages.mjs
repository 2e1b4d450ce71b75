// Opens every page of the built book in headless Chromium and fails on what a
// reader would notice: raw TeX or KaTeX error markup, empty code blocks,
// console errors, failed or external network requests, fonts that did not
// load, and broken images. It answers every self-check question, by mouse,
// by keyboard (one page also by touch), and checks the radio group's ARIA
// states as it goes.
//
// Usage: node check-pages.mjs <html-dir> [--chromium /usr/bin/chromium] [--only <path prefix>]
//        [--screenshot page.html=out.png[@dark]]... [--widget-test script.mjs=page.html]...
//
// A widget test is a Node script run as `node script.mjs <origin> <page>`
// while this script serves the book; it plays a widget like a reader.
//
// It serves <html-dir> itself on 127.0.0.1 (a random free port), so the test
// needs nothing but Node and Chromium. Chromium's start, the request
// blocking and the console watching are in harness.mjs, shared with the
// widget tests.

import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { Checks, DEFAULT_CHROMIUM, launchChromium, serveDirectory, watchedPage } from "./harness.mjs";

const options = parseArgs(process.argv.slice(2));

function parseArgs(args) {
  const out = { root: path.resolve(args[0] ?? "."), chromium: DEFAULT_CHROMIUM, only: "", screenshots: [], widgetTests: [] };
  for (let i = 1; i < args.length; i++) {
    if (args[i] === "--chromium") out.chromium = args[++i];
    else if (args[i] === "--only") out.only = args[++i];
    else if (args[i] === "--widget-test") out.widgetTests.push(args[++i]);
    else if (args[i] === "--screenshot") out.screenshots.push(args[++i]);
    else throw new Error(`unknown argument ${args[i]}`);
  }
  return out;
}

function htmlPages(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".html")) out.push(path.relative(dir, p).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

// Runs in the page: everything a reader would see as broken.
function inspectPage() {
  const problems = [];
  const skip = (node) => node.parentElement?.closest("pre, code, script, style, .katex, annotation, textarea");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (skip(n)) continue;
    const text = n.textContent;
    const m = text.match(/\$[^$]*\$?|\\(frac|begin|sqrt|left|right|partial|mathbf|nabla)\b/);
    if (m) problems.push(`raw TeX on the page: "${text.slice(Math.max(0, m.index - 20), m.index + 60).trim()}"`);
  }
  for (const e of document.querySelectorAll(".katex-error, [title^='ParseError']")) {
    problems.push(`KaTeX error markup: "${(e.getAttribute("title") ?? e.textContent).slice(0, 120)}"`);
  }
  for (const k of document.querySelectorAll(".katex")) {
    if (!k.querySelector(".katex-mathml math")) {
      problems.push(`formula without MathML for screen readers: "${k.textContent.slice(0, 60)}"`);
      break;
    }
  }
  for (const code of document.querySelectorAll("pre > code")) {
    if (code.textContent.trim() === "") problems.push("empty code block");
  }
  // Nothing may scroll sideways in a desktop window: a reader would miss
  // the end of a line or of a formula.
  const firstLine = (t) => t.trim().split("\n")[0].slice(0, 50);
  for (const pre of document.querySelectorAll("pre")) {
    const over = pre.scrollWidth - pre.clientWidth;
    if (over > 1) {
      const long = pre.textContent.split("\n").reduce((a, b) => (b.length > a.length ? b : a), "");
      problems.push(`code block wider than its column by ${over} px (longest line, ${long.length} columns: "${long.trim().slice(0, 60)}")`);
    }
  }
  for (const display of document.querySelectorAll(".katex-display")) {
    const formula = display.querySelector(".katex-html") ?? display;
    const over = Math.max(display.scrollWidth - display.clientWidth, formula.getBoundingClientRect().width - display.clientWidth);
    if (over > 1) {
      const tex = display.querySelector("annotation")?.textContent ?? display.textContent;
      problems.push(`display formula wider than its column by ${Math.round(over)} px: "${firstLine(tex)}" (break it with aligned)`);
    }
  }
  if (document.querySelector(".play-button, button[title='Run this code']")) {
    problems.push("a playground Run button, which cannot reach the mvcalc crate");
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.complete || img.naturalWidth === 0) problems.push(`image did not load: ${img.getAttribute("src")}`);
    if (!img.getAttribute("alt")) problems.push(`image without alt text: ${img.getAttribute("src")}`);
  }
  for (const face of document.fonts) {
    if (face.status === "error") problems.push(`font failed to load: ${face.family}`);
  }
  if (document.querySelector(".katex") && !document.fonts.check("16px KaTeX_Main")) {
    problems.push("KaTeX_Main font is not available on a page with maths");
  }
  return { problems, formulas: document.querySelectorAll(".katex").length, code: document.querySelectorAll("pre > code").length };
}

// ------------------------------------------------------ self-check questions

// A quiz as a reader and a reader's tools see it, read in one go: which
// option is checked (aria-checked), which is the group's one Tab stop,
// which has focus, what the feedback says, and what is shown.
function quizState(quiz) {
  return quiz.evaluate((q) => {
    const shown = (e) => Boolean(e) && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
    const options = [...q.querySelectorAll(".quiz-option")];
    return {
      checked: options.map((o) => o.getAttribute("aria-checked") ?? "(none)"),
      tabStops: options.flatMap((o, k) => (o.tabIndex === 0 ? [k] : [])),
      focus: options.indexOf(document.activeElement),
      feedback: q.querySelector(".quiz-feedback")?.textContent ?? "",
      explained: shown(q.querySelector(".quiz-explain")),
      marked: shown(q.querySelector('.quiz-option[data-correct="true"] .quiz-mark')),
      revealOffered: shown(q.querySelector(".quiz-reveal")),
      url: location.href,
    };
  });
}

// Checks that option `k` alone is checked, and is the group's Tab stop.
function onlyChecked(s, k, check, what) {
  const want = s.checked.map((_, j) => String(j === k));
  check(
    JSON.stringify(s.checked) === JSON.stringify(want) && JSON.stringify(s.tabStops) === JSON.stringify([k]),
    `${what}: option ${k + 1} should be the only one with aria-checked="true" and the group's one Tab stop`,
    `aria-checked ${s.checked.join(",")}; Tab stops at ${s.tabStops.map((t) => t + 1).join(",") || "none"}`,
  );
}

// Before anything is chosen: a radio group named by its question, each
// option a radio button with a name, none checked, the first the one Tab
// stop.
async function checkGroup(quiz, name, n, check) {
  const groups = quiz.getByRole("radiogroup");
  if (!check((await groups.count()) === 1, `${name}: the options are not one radio group`)) return;
  const number = ((await quiz.locator("p").first().textContent()) ?? "").match(/^\s*(\d+)\./)?.[1];
  const label = number ? new RegExp(`^${number}\\.\\s*\\S`) : /\S/;
  check(
    (await quiz.getByRole("radiogroup", { name: label }).count()) === 1,
    `${name}: the radio group is not named by its question`,
    `aria-labelledby="${await groups.getAttribute("aria-labelledby")}"`,
  );
  // Named by its content, maths included (a name from content alone
  // leaves MathML out).
  check(
    (await quiz.getByRole("radio", { name: /\S/ }).count()) === n,
    `${name}: not every option is a radio button with a name`,
    `${await quiz.getByRole("radio").count()} radio buttons, ${n} options`,
  );
  const s = await quizState(quiz);
  check(
    s.checked.every((c) => c === "false") && JSON.stringify(s.tabStops) === "[0]",
    `${name}: before a choice, no option should be checked and the first should be the one Tab stop`,
    `aria-checked ${s.checked.join(",")}; Tab stops at ${s.tabStops.map((t) => t + 1).join(",")}`,
  );
}

// Presses `key` and checks that option `at` then has the focus, is the only
// one checked, and is said to be right or wrong. Stops the play if the key
// reached mdBook, whose arrow keys turn pages.
async function pressOnto(page, quiz, key, at, right, name, check) {
  const before = page.url();
  await page.keyboard.press(key);
  const s = await quizState(quiz);
  if (!check(s.url === before, `${name}: ${key} in the quiz turned the page`, s.url)) {
    throw new Error(`${key} turned the page`);
  }
  onlyChecked(s, at, check, `${name}: after ${key}`);
  check(s.focus === at, `${name}: ${key} should move the focus to option ${at + 1}`, `focus on option ${s.focus + 1}`);
  check(
    s.feedback.startsWith(at === right ? "Correct" : "Not quite"),
    `${name}: ${key} onto option ${at + 1} should say whether it is right`,
    `"${s.feedback}"`,
  );
}

// The arrow keys move the focus to the next or previous option, wrapping
// round, and choose it.
async function checkArrowKeys(page, quiz, name, n, start, right, check) {
  const options = quiz.locator(".quiz-option");
  await options.nth(start).focus();
  let at = start;
  for (const [key, step] of [
    ["ArrowDown", 1],
    ["ArrowUp", -1],
    ["ArrowRight", 1],
    ["ArrowLeft", -1],
  ]) {
    at = (at + step + n) % n;
    await pressOnto(page, quiz, key, at, right, name, check);
  }
  // From the first option, up wraps to the last, and down comes back.
  await options.nth(0).focus();
  await pressOnto(page, quiz, "ArrowUp", n - 1, right, `${name} (wrapping from the first option)`, check);
  await pressOnto(page, quiz, "ArrowDown", 0, right, `${name} (wrapping from the last option)`, check);
}

// A quiz ready to play, or null (after a failed check) if it is not set up
// or its options are not one right and some wrong: {quiz, name, check,
// options, n, right, firstWrong, lastWrong, hasExplain}.
async function readQuiz(quiz, name, check) {
  const ready = (await quiz.getAttribute("data-ready")) !== null;
  if (!check(ready, `${name}: not set up (write the options as a task list, the right one ticked [x])`)) return null;
  const options = quiz.locator(".quiz-option");
  const kinds = await options.evaluateAll((os) => os.map((o) => o.dataset.correct));
  const q = {
    quiz,
    name,
    check,
    options,
    n: kinds.length,
    right: kinds.indexOf("true"),
    firstWrong: kinds.indexOf("false"),
    lastWrong: kinds.lastIndexOf("false"),
    hasExplain: (await quiz.locator(".quiz-explain").count()) > 0,
  };
  const playable = kinds.filter((k) => k === "true").length === 1 && q.firstWrong >= 0;
  return check(playable, `${name}: needs exactly one right option and at least one wrong one`) ? q : null;
}

// A wrong option by mouse: said to be wrong, the explanation still hidden,
// the answer offered.
async function wrongByMouse(q) {
  const { name, check, hasExplain } = q;
  await q.options.nth(q.firstWrong).click();
  const s = await quizState(q.quiz);
  check(s.feedback.startsWith("Not quite"), `${name}: no feedback for a wrong answer`);
  check(!(hasExplain && s.explained), `${name}: explanation shown after a wrong answer`);
  onlyChecked(s, q.firstWrong, check, `${name}: a click on a wrong option`);
  return check(s.revealOffered, `${name}: no button to show the answer after a wrong answer`);
}

// The offer taken, by keyboard: the explanation shown, the right answer
// marked and focused.
async function showTheAnswer(page, q) {
  const { name, check } = q;
  await q.quiz.locator(".quiz-reveal").focus();
  await page.keyboard.press("Enter");
  const s = await quizState(q.quiz);
  check(!(q.hasExplain && !s.explained), `${name}: explanation not shown by the show-the-answer button`);
  check(s.marked, `${name}: the right answer not marked by the show-the-answer button`);
  check(
    s.focus === q.right,
    `${name}: the show-the-answer button should move the focus to the right answer`,
    `focus on option ${s.focus + 1}`,
  );
}

// Shift+Tab from the offer lands on the group's one Tab stop: the option
// chosen.
async function backIntoTheGroup(page, q) {
  await q.quiz.locator(".quiz-reveal").focus();
  await page.keyboard.press("Shift+Tab");
  const s = await quizState(q.quiz);
  q.check(
    s.focus === q.firstWrong,
    `${q.name}: Shift+Tab from the show-the-answer button should reach the chosen option`,
    `focus on option ${s.focus + 1}`,
  );
}

// The right option by keyboard (Enter or Space): said to be right, the
// explanation shown.
async function rightByKeyboard(page, q, key) {
  const { name, check } = q;
  await q.options.nth(q.right).focus();
  await page.keyboard.press(key);
  const s = await quizState(q.quiz);
  check(s.feedback.startsWith("Correct"), `${name}: no feedback for the right answer (chosen with ${key})`);
  check(!(q.hasExplain && !s.explained), `${name}: explanation not shown after the right answer`);
  onlyChecked(s, q.right, check, `${name}: ${key} on the right option`);
}

// A wrong option again, by mouse: it points to the marked answer, and the
// explanation stays open.
async function wrongAgain(q) {
  const { name, check } = q;
  await q.options.nth(q.lastWrong).click();
  const s = await quizState(q.quiz);
  check(
    s.feedback.startsWith("Not quite") && s.feedback.includes("marked"),
    `${name}: a wrong answer after the right one does not point to the marked answer ("${s.feedback}")`,
  );
  check(!(q.hasExplain && !s.explained), `${name}: explanation closed by a wrong answer after the right one`);
  check(s.marked, `${name}: right answer not marked after a later wrong answer`);
  onlyChecked(s, q.lastWrong, check, `${name}: a click on a wrong option after the right one`);
}

// Answers one self-check question the way a reader would: a wrong option by
// mouse, which must keep the explanation hidden and offer to show the
// answer; on every other question that offer taken, by keyboard, on the
// others Shift+Tab back into the group, which must land on the chosen
// option; the arrow keys; the right option by keyboard (Enter or Space),
// which must show the explanation; and a wrong option again, which must
// leave the explanation open and the right option marked. The ARIA states
// are checked after every choice. With `short` (for the print page, which
// repeats every chapter's questions) the group's name, Shift+Tab and the
// arrow keys are left to the chapters' pages.
async function playQuiz(page, quiz, name, i, check, { short = false } = {}) {
  const q = await readQuiz(quiz, name, check);
  if (!q) return;
  if (!short) await checkGroup(quiz, name, q.n, check);
  if (await wrongByMouse(q)) {
    if (i % 2 === 1) await showTheAnswer(page, q);
    else if (!short) await backIntoTheGroup(page, q);
  }
  if (!short) await checkArrowKeys(page, quiz, name, q.n, q.firstWrong, q.right, check);
  await rightByKeyboard(page, q, i % 2 === 0 ? "Enter" : "Space");
  await wrongAgain(q);
}

async function playQuizzes(page, checks, options) {
  const check = checks.check.bind(checks);
  const quizzes = page.locator(".quiz");
  const n = await quizzes.count();
  for (let i = 0; i < n; i++) {
    try {
      await playQuiz(page, quizzes.nth(i), `quiz ${i + 1}`, i, check, options);
    } catch (e) {
      // The page may have gone (an arrow key that turned it): the other
      // questions on it cannot be played either.
      checks.fail(`quiz ${i + 1}: the play stopped: ${e.message.split("\n")[0]}`);
      break;
    }
  }
  return n;
}

// On a phone, by touch: a tap on a wrong option, then on the right one,
// checks them as a click does.
async function playQuizByTouch(browser, origin, rel, checks) {
  const check = checks.check.bind(checks);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  try {
    const page = await watchedPage(context, origin, checks);
    await page.goto(`${origin}/${rel}`, { waitUntil: "load" });
    const quiz = page.locator(".quiz").first();
    const kinds = await quiz.locator(".quiz-option").evaluateAll((os) => os.map((o) => o.dataset.correct));
    await quiz.locator(".quiz-option").nth(kinds.indexOf("false")).tap();
    let s = await quizState(quiz);
    check(s.feedback.startsWith("Not quite"), "quiz 1 by touch: no feedback for a tapped wrong answer");
    onlyChecked(s, kinds.indexOf("false"), check, "quiz 1 by touch: a tap on a wrong option");
    await quiz.locator(".quiz-option").nth(kinds.indexOf("true")).tap();
    s = await quizState(quiz);
    check(s.feedback.startsWith("Correct"), "quiz 1 by touch: no feedback for the tapped right answer");
    onlyChecked(s, kinds.indexOf("true"), check, "quiz 1 by touch: a tap on the right option");
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- the run

const root = options.root;
const server = await serveDirectory(root);
const origin = server.origin;
const browser = await launchChromium(options.chromium);
// A desktop window, as the column widths are checked at.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

// Prints a page's problems, if any; returns whether it had any.
function reportPage(rel, checks) {
  if (checks.ok) return false;
  console.log(`FAIL ${rel}`);
  for (const p of checks.unique()) console.log(`     ${p}`);
  return true;
}

// rustdoc writes a redirect stub for each item re-exported from a private
// module. Opening one races its own redirect, so check its target exists
// instead of loading it.
let failures = 0;
const pages = [];
for (const rel of htmlPages(root).filter((p) => p.startsWith(options.only))) {
  const text = fs.readFileSync(path.join(root, rel), "utf8");
  const redirect = text.length < 2000 && text.match(/http-equiv="refresh" content="0;URL=([^"]+)"/);
  if (!redirect) {
    pages.push(rel);
    continue;
  }
  const target = path.join(path.dirname(path.join(root, rel)), redirect[1].split("#")[0]);
  if (!fs.existsSync(target)) {
    failures += 1;
    console.log(`FAIL ${rel}\n     redirects to ${redirect[1]}, which does not exist`);
  }
}
let formulas = 0;
let codeBlocks = 0;
let quizzes = 0;
let quizChecks = 0;
let touchPage = null;
for (const rel of pages) {
  const checks = new Checks();
  const page = await watchedPage(context, origin, checks);
  await page.goto(`${origin}/${rel}`, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState("networkidle");
  const result = await page.evaluate(inspectPage);
  for (const p of result.problems) checks.fail(p);
  const played = await playQuizzes(page, checks, { short: rel === "print.html" });
  if (played > 0 && touchPage === null && rel !== "print.html") touchPage = rel;
  quizzes += played;
  quizChecks += checks.passed;
  formulas += result.formulas;
  codeBlocks += result.code;
  if (reportPage(rel, checks)) failures += 1;
  await page.close();
}
if (touchPage) {
  const checks = new Checks();
  await playQuizByTouch(browser, origin, touchPage, checks);
  quizChecks += checks.passed;
  if (reportPage(`${touchPage} (by touch, on a phone)`, checks)) failures += 1;
}

for (const spec of options.screenshots) {
  // page.html=out.png or page.html=out.png@dark
  const [rel, rest] = spec.split("=");
  const [out, theme] = rest.split("@");
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  await page.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme === "dark" ? "navy" : "light");
  await page.goto(`${origin}/${rel}`, { waitUntil: "networkidle" });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out });
  console.log(`screenshot of ${rel} (${theme ?? "light"}) written to ${out}`);
  await page.close();
}

await browser.close();

for (const spec of options.widgetTests) {
  const [script, page] = spec.split("=");
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [script, origin, page, "--chromium", options.chromium], { stdio: "inherit" });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failures += 1;
    console.log(`FAIL widget test ${path.basename(script)} on ${page}`);
  }
}
await server.close();
console.log(
  `browser test: ${pages.length} pages opened in Chromium, ${formulas} formulas and ${codeBlocks} code blocks inspected, ` +
    `${quizzes} self-check questions answered (${quizChecks} checks), ${failures} pages with problems`,
);
process.exit(failures ? 1 : 0);
