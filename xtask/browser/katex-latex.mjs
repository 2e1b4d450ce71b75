// Renders LaTeX written by the crate's `Expr::to_latex` with the KaTeX the
// book and the API docs use (doc/katex/katex.min.js), failing on any formula
// KaTeX refuses.
//
// Usage: node katex-latex.mjs <formulas.json>
//
// The file holds a JSON array of {"source": "...", "latex": "..."}: the
// expression as text (for the report) and its LaTeX. Each formula is
// rendered inline and in display mode with throwOnError and strict "error",
// so a double subscript, an unknown command or non-standard LaTeX fails.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const katex = require(join(here, "..", "..", "doc", "katex", "katex.min.js"));

const file = process.argv[2];
if (!file) {
  console.error("usage: node katex-latex.mjs <formulas.json>");
  process.exit(2);
}
const formulas = JSON.parse(readFileSync(file, "utf8"));
const failures = [];
for (const { source, latex } of formulas) {
  for (const displayMode of [false, true]) {
    try {
      katex.renderToString(latex, {
        displayMode,
        throwOnError: true,
        strict: "error",
      });
    } catch (e) {
      failures.push({ source, latex, error: String(e.message ?? e) });
      break;
    }
  }
}
if (failures.length > 0) {
  for (const f of failures.slice(0, 30)) {
    console.log(`FAIL ${JSON.stringify(f.source)}\n  latex: ${f.latex}\n  ${f.error}`);
  }
  console.log(`${failures.length} of ${formulas.length} formulas failed to render`);
  process.exit(1);
}
console.log(`OK: KaTeX ${katex.version} rendered all ${formulas.length} formulas`);
