// What the browser tests share: headless Chromium started the same way,
// pages watched for what a reader would notice (console errors, uncaught
// exceptions, failed requests, HTTP errors) with every request that leaves
// the book blocked and reported, a small static server for the built book,
// checks that count what passed, and scenarios that each run on a fresh
// browser context, so that one failing does not take the others with it.
//
//   import { launchChromium, serveDirectory, Checks, watchPage, runScenarios } from "./harness.mjs";

import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

// No GPU, no first-run pages, and nothing that phones home: the test must
// pass offline, and must fail on the book's own requests only.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(executablePath = DEFAULT_CHROMIUM) {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
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

// Serves `dir` on 127.0.0.1 at a free port. Resolves to {origin, close}.
export async function serveDirectory(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
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
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// Checks that count what passed and keep what failed, as sentences.
export class Checks {
  constructor() {
    this.passed = 0;
    this.passedNames = [];
    this.problems = [];
  }

  // Passes if `ok`; otherwise records `what`, with `detail` if given.
  // Returns `ok`, so that a check can guard what depends on it.
  check(ok, what, detail = "") {
    if (ok) {
      this.passed += 1;
      this.passedNames.push(what);
    } else this.problems.push(detail ? `${what}: ${detail}` : what);
    return Boolean(ok);
  }

  fail(problem) {
    this.problems.push(problem);
  }

  get ok() {
    return this.problems.length === 0;
  }

  // The problems, each once, in the order they first happened.
  unique() {
    return [...new Set(this.problems)];
  }
}

// Whether a request stays inside the book served at `origin`.
function local(url, origin) {
  return url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:");
}

// rustdoc gives every trait's page a script listing the trait's
// implementors in other crates, trait.impl/<path>.js, but writes the file
// only for a trait that has some; for one with none (mvcalc's Formula and
// Residuals, which readers implement) the browser's request for it fails
// with 404 and the page says there are no implementors, as on docs.rs.
// Nothing a reader sees is missing, so that one request is not reported.
function rustdocImplementorList(url, status) {
  return status === 404 && /\/trait\.impl\/[^?#]+\.js$/.test(url);
}

// Reports to `report` (a function of one sentence) what a reader would
// notice going wrong on `page`: console errors, uncaught exceptions,
// requests outside `origin` (blocked), failed requests and HTTP errors.
// With `theme`, the page opens in that mdBook theme.
export async function watchPage(page, origin, report, { theme } = {}) {
  // The URLs of the implementor lists rustdoc did not write (see above).
  const unwritten = new Set();
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    if (unwritten.has(msg.location()?.url)) return;
    report(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => report(`uncaught exception: ${err.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (local(url, origin)) return route.continue();
    report(`external request: ${url}`);
    return route.abort();
  });
  page.on("requestfailed", (req) => {
    if (unwritten.has(req.url())) return;
    if (req.url().startsWith(origin)) report(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on("response", (res) => {
    if (rustdocImplementorList(res.url(), res.status())) {
      unwritten.add(res.url());
      return;
    }
    if (res.status() >= 400) report(`HTTP ${res.status()}: ${res.url()}`);
  });
  if (theme) await page.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
  return page;
}

// A new page in `context`, watched, its problems going to `checks`.
export function watchedPage(context, origin, checks, options) {
  return context.newPage().then((page) => watchPage(page, origin, (p) => checks.fail(p), options));
}

// Runs each scenario {name, context, run} in turn: `run({context, checks})`
// gets a fresh browser context (made with the options `context`) and its own
// Checks. A scenario fails on a failed check, a problem on one of its pages,
// an exception or a timeout, and the others run all the same. Prints one line
// per scenario, and its problems (with `listChecks`, every check that passed
// too); returns {passed, failed, checks}.
export async function runScenarios(browser, scenarios, { timeout = 60_000, prefix = "", listChecks = false } = {}) {
  const summary = { passed: 0, failed: 0, checks: 0 };
  for (const scenario of scenarios) {
    const checks = new Checks();
    const context = await browser.newContext(scenario.context ?? {});
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeout / 1000} s`)), timeout);
    });
    try {
      await Promise.race([scenario.run({ context, checks }), timedOut]);
    } catch (e) {
      checks.fail(`the scenario stopped: ${e?.stack ?? e}`);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
    summary.checks += checks.passed;
    if (checks.ok) {
      summary.passed += 1;
      console.log(`${prefix}ok   ${scenario.name} (${checks.passed} checks)`);
    } else {
      summary.failed += 1;
      console.log(`${prefix}FAIL ${scenario.name} (${checks.passed} checks passed, ${checks.problems.length} failed)`);
      for (const p of checks.unique()) console.log(`${prefix}     ${p.replaceAll("\n", `\n${prefix}       `)}`);
    }
    if (listChecks) for (const name of checks.passedNames) console.log(`${prefix}       passed: ${name}`);
  }
  return summary;
}
