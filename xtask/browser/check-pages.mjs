// Opens every page of the built book in headless Chromium and fails on what a
// reader would notice: raw TeX or KaTeX error markup, empty code blocks,
// console errors, failed or external network requests, fonts that did not
// load, and broken images.
//
// Usage: node check-pages.mjs <html-dir> [--chromium /usr/bin/chromium] [--only <path prefix>]
//        [--screenshot page.html=out.png[@dark]]... [--widget-test script.mjs=page.html]...
//
// A widget test is a Node script run as `node script.mjs <origin> <page>`
// while this script serves the book; it plays a widget like a reader.
//
// It serves <html-dir> itself on 127.0.0.1 (a random free port), so the test
// needs nothing but Node and Chromium.

import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const root = path.resolve(args[0] ?? ".");
let chromiumPath = "/usr/bin/chromium";
const screenshots = [];
const widgetTests = [];
let only = "";
for (let i = 1; i < args.length; i++) {
  if (args[i] === "--chromium") chromiumPath = args[++i];
  else if (args[i] === "--only") only = args[++i];
  else if (args[i] === "--widget-test") widgetTests.push(args[++i]);
  else if (args[i] === "--screenshot") screenshots.push(args[++i]);
  else throw new Error(`unknown argument ${args[i]}`);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".ico": "image/x-icon",
  ".txt": "text/plain",
};

function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
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

// Answers every self-check question on the page the way a reader would: a
// wrong option by mouse, which must keep the explanation hidden and offer
// to show the answer; on every other question that offer taken, by
// keyboard; the right option by keyboard, which must show the explanation;
// and a wrong option again, which must leave the explanation open and the
// right option marked.
async function playQuizzes(page) {
  const problems = [];
  const quizzes = page.locator(".quiz");
  const n = await quizzes.count();
  for (let i = 0; i < n; i++) {
    const quiz = quizzes.nth(i);
    const name = `quiz ${i + 1}`;
    if ((await quiz.getAttribute("data-ready")) === null) {
      problems.push(`${name}: not set up (write the options as a task list, the right one ticked [x])`);
      continue;
    }
    const right = quiz.locator('.quiz-option[data-correct="true"]');
    const wrong = quiz.locator('.quiz-option[data-correct="false"]');
    if ((await right.count()) !== 1 || (await wrong.count()) < 1) {
      problems.push(`${name}: needs exactly one right option and at least one wrong one`);
      continue;
    }
    const feedback = quiz.locator(".quiz-feedback");
    const explain = quiz.locator(".quiz-explain");
    const hasExplain = (await explain.count()) > 0;
    const reveal = quiz.locator(".quiz-reveal");
    const mark = right.locator(".quiz-mark");
    await wrong.first().click();
    if (!(await feedback.textContent()).startsWith("Not quite")) problems.push(`${name}: no feedback for a wrong answer`);
    if (hasExplain && (await explain.first().isVisible())) problems.push(`${name}: explanation shown after a wrong answer`);
    if (!(await reveal.isVisible())) problems.push(`${name}: no button to show the answer after a wrong answer`);
    else if (i % 2 === 1) {
      await reveal.focus();
      await page.keyboard.press("Enter");
      if (hasExplain && !(await explain.first().isVisible())) problems.push(`${name}: explanation not shown by the show-the-answer button`);
      if (!(await mark.isVisible())) problems.push(`${name}: the right answer not marked by the show-the-answer button`);
    }
    await right.focus();
    await page.keyboard.press("Enter");
    if (!(await feedback.textContent()).startsWith("Correct")) problems.push(`${name}: no feedback for the right answer`);
    if (hasExplain && !(await explain.first().isVisible())) {
      problems.push(`${name}: explanation not shown after the right answer`);
    }
    await wrong.last().click();
    const again = await feedback.textContent();
    if (!again.startsWith("Not quite") || !again.includes("marked")) problems.push(`${name}: a wrong answer after the right one does not point to the marked answer ("${again}")`);
    if (hasExplain && !(await explain.first().isVisible())) problems.push(`${name}: explanation closed by a wrong answer after the right one`);
    if (!(await mark.isVisible())) problems.push(`${name}: right answer not marked after a later wrong answer`);
  }
  return { problems, played: n };
}

const server = await serve(root);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
// A desktop window, as the column widths are checked at.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

// rustdoc writes a redirect stub for each item re-exported from a private
// module. Opening one races its own redirect, so check its target exists
// instead of loading it.
let failures = 0;
const pages = [];
for (const rel of htmlPages(root).filter((p) => p.startsWith(only))) {
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
for (const rel of pages) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    problems.push(`external request: ${url}`);
    return route.abort();
  });
  page.on("requestfailed", (req) => {
    if (req.url().startsWith(origin)) problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on("response", (res) => {
    // 404.html is expected to be a page about a missing page, not a missing resource.
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(`${origin}/${rel}`, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState("networkidle");
  const result = await page.evaluate(inspectPage);
  problems.push(...result.problems);
  const quiz = await playQuizzes(page);
  problems.push(...quiz.problems);
  quizzes += quiz.played;
  formulas += result.formulas;
  codeBlocks += result.code;
  if (problems.length) {
    failures += 1;
    console.log(`FAIL ${rel}`);
    for (const p of [...new Set(problems)]) console.log(`     ${p}`);
  }
  await page.close();
}

for (const spec of screenshots) {
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

for (const spec of widgetTests) {
  const [script, page] = spec.split("=");
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [script, origin, page, "--chromium", chromiumPath], { stdio: "inherit" });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  if (code !== 0) {
    failures += 1;
    console.log(`FAIL widget test ${path.basename(script)} on ${page}`);
  }
}
server.close();
console.log(
  `browser test: ${pages.length} pages opened in Chromium, ${formulas} formulas and ${codeBlocks} code blocks inspected, ${quizzes} self-check questions answered, ${failures} pages with problems`,
);
process.exit(failures ? 1 : 0);
