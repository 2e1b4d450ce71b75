// The Sandpit, playable: every <div class="sandpit"> on the page becomes a
// hidden landscape seen from above, to be dipped by click, tap or keyboard.
//
//   <div class="sandpit" data-landscape="intro" data-mode="gradient"
//        data-max-dips="20"></div>
//
// data-landscape: intro | random | multiple | hard (default intro);
// data-seed: a whole number, for random, multiple and hard (default: a new
// random seed); data-mode: gradient | depth-only (default gradient);
// data-max-dips: the limit on dips (default 20).
//
// The landscapes and rules are SandpitCore's (book/widgets/sandpit-core.js,
// loaded first), the same as the Rust crate's. A reading is the height d
// of the ground relative to the rim (its depth is -d), negative below the
// rim, so the deepest point has the smallest reading.
//
// The file is a classic script, not an ES module: module scripts are not
// run from file:// pages, and the book must work opened from disk.
//
// How it is laid out: wording (the sentences a reader sees), colours, then
// the Sandpit class in the order a reader meets it: building the controls,
// handling input, playing (dips and automatic runs), reporting, drawing.
//
// For tests, the element gets `el.sandpit` with the live `landscape` and
// `game`, `clientPoint(x, y)` (where on the screen a point of the pit is),
// `newPit(kind, seed)`, `play(method, x, y)` (an automatic run from exactly
// that point) and `drawn` (what the last drawing showed: counts, the
// arrows' geometry in CSS pixels and the colours used).
(() => {
  "use strict";

  const core = globalThis.SandpitCore;
  const SIZE = 6;
  const PAD = { left: 34, right: 12, top: 12, bottom: 30 };
  const MAX_WIDTH = 520;
  // The cursor's cross stops this far (CSS pixels) from its centre: beyond
  // the newest dip's marker (radius 6, outline 1).
  const CURSOR_GAP = 9;
  // At most this many steps of an automatic run are listed.
  const LISTED_STEPS = 200;
  const KIND_LABELS = {
    intro: "Introductory",
    random: "Random",
    multiple: "Several hollows",
    hard: "Hard",
  };
  // What a kind of pit is called in a sentence, in the plural.
  const KIND_PLURALS = {
    intro: "the introductory pit",
    random: "random pits",
    multiple: "pits with several hollows",
    hard: "hard pits",
  };
  // The dip list's note for a dip that ended something.
  const OUTCOME_NOTES = {
    won: "deepest point",
    "local-minimum": "near a local minimum",
    "out-of-dips": "last dip",
  };

  // ------------------------------------------------------------ elements

  function el(tag, attrs = {}, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "className") e.className = v;
      else e.setAttribute(k, v);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // A button; a toggle button (one that stays pressed) has aria-pressed.
  function button(className, text, { toggle = false } = {}) {
    const attrs = { type: "button", className };
    if (toggle) attrs["aria-pressed"] = "false";
    return el("button", attrs, text);
  }

  // -------------------------------------------------------------- wording

  // Numbers as a reader writes them: a real minus sign, no "-0.000".
  function num(v, digits) {
    let s = v.toFixed(digits);
    if (Number(s) === 0) s = (0).toFixed(digits);
    return s.replace("-", "\u2212");
  }

  function at(x, y) {
    return `(${num(x, 2)}, ${num(y, 2)})`;
  }

  function plural(n, one, many) {
    return n === 1 ? one : many;
  }

  // A height reading d, and the depth it means: "d = −0.512 m (0.512 m
  // below the rim)".
  function heightText(d, digits) {
    const n = num(d, digits);
    const size = num(Math.abs(d), digits);
    if (Number(size) === 0) return `d = ${n} m (level with the rim)`;
    return `d = ${n} m (${size}${d < 0 ? " m below the rim)" : " m above the rim)"}`;
  }

  // A link to the Hessian section, from any page of the book (mdBook sets
  // path_to_root on every page, the print page included).
  function hessianLink() {
    const root = typeof path_to_root === "string" ? path_to_root : "../";
    const a = document.createElement("a");
    a.href = `${root}multivariate/hessian.html#the-second-order-picture`;
    a.textContent = "The Hessian section";
    return a;
  }

  // What a level point that is not the bottom of a hollow is, from the
  // Hessian there: the end of a sentence that began "The ground is level".
  function levelPoint(h) {
    const det = h[0] * h[2] - h[1] * h[1];
    if (det < 0) return ", but it is a saddle, curving up one way and down another, not the bottom of a hollow.";
    if (det > 0 && h[0] < 0) return ", but it is the top of a bump, curving down every way, not the bottom of a hollow.";
    return ", but in some direction it is not curved at all, so it need not be the bottom of a hollow.";
  }

  // A distance in centimetres below a metre, in metres above.
  function distanceText(metres) {
    const cm = Math.round(metres * 100);
    return cm < 100 ? `${cm} cm` : `${num(metres, 2)} m`;
  }

  // The local minimum nearest to (x, y), its index (0 is the deepest) and
  // its distance.
  function nearestMinimum(landscape, x, y) {
    let best = null;
    landscape.minima.forEach((minimum, index) => {
      const distance = Math.hypot(minimum.x - x, minimum.y - y);
      if (best === null || distance < best.distance) best = { index, minimum, distance };
    });
    return best;
  }

  function randomSeed() {
    if (globalThis.crypto?.getRandomValues) {
      return crypto.getRandomValues(new Uint32Array(1))[0];
    }
    return Math.floor(Math.random() * 4294967296) >>> 0;
  }

  // -------------------------------------------------------------- colours

  function isDark() {
    return /\b(coal|navy|ayu)\b/.test(document.documentElement.className);
  }

  // Colours for the canvas, from the mdBook theme.
  function palette(root) {
    const cs = getComputedStyle(root);
    const dark = isDark();
    const text = cs.getPropertyValue("--fg").trim() || cs.color || (dark ? "#ddd" : "#222");
    if (dark) {
      return {
        dark: true,
        text,
        sand: "#5c4d35",
        border: "#a08a62",
        grid: "rgba(255, 255, 255, 0.13)",
        marker: "#ffffff",
        halo: "#111111",
        last: "#ffd43b",
        arrow: "#ff922b",
        path: "#74c0fc",
        cursor: "#ffd43b",
      };
    }
    return {
      dark: false,
      text,
      sand: "#f2e4c0",
      border: "#9c7f4a",
      grid: "rgba(0, 0, 0, 0.11)",
      marker: "#1b1b1b",
      halo: "#ffffff",
      last: "#c2255c",
      arrow: "#d9480f",
      path: "#1864ab",
      cursor: "#5f3dc4",
    };
  }

  // The viridis colour map (a polynomial fit): t = 0 dark purple, 1 yellow.
  const VIRIDIS = [
    [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
    [0.1050930431085774, 1.404613529898575, 1.384590162594685],
    [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
    [-4.634230498983486, -5.799100973351585, -19.33244095627987],
    [6.228269936347081, 14.17993336680509, 56.69055260068105],
    [4.776384997670288, -13.74514537774601, -65.35303263337234],
    [-5.435455855934631, 4.645852612178535, 26.3124352495832],
  ];
  function viridis(t) {
    const [c0, c1, c2, c3, c4, c5, c6] = VIRIDIS;
    return [0, 1, 2].map((i) => {
      const v = c0[i] + t * (c1[i] + t * (c2[i] + t * (c3[i] + t * (c4[i] + t * (c5[i] + t * c6[i])))));
      return Math.round(255 * Math.min(Math.max(v, 0), 1));
    });
  }

  // The contour interval for heights spanning `range` metres.
  function niceStep(range) {
    const raw = range / 10;
    return [0.02, 0.05, 0.1, 0.2, 0.25, 0.5].find((step) => raw <= step) ?? 1;
  }

  // ---------------------------------------------------------- the widget

  class Sandpit {
    constructor(root) {
      this.root = root;
      let kind = root.dataset.landscape || "intro";
      if (!core.KINDS.includes(kind)) kind = "intro";
      const seed =
        root.dataset.seed !== undefined && /^\d+$/.test(root.dataset.seed) ? Number(root.dataset.seed) >>> 0 : null;
      const maxDips = parseInt(root.dataset.maxDips || "20", 10);
      this.maxDips = maxDips > 0 ? maxDips : 20;
      this.mode = root.dataset.mode === "depth-only" ? "depth-only" : "gradient";
      this.cursor = { x: 3, y: 3 };
      this.showCursor = false;
      this.revealed = false;
      this.armed = null; // "steepest" or "newton" while waiting for a click
      this.run = null; // the last automatic run: {method, start, step, result, shown, done}
      this.drawn = { dips: 0, arrows: 0, paths: 0, revealed: false, minima: 0 };
      this.image = null;
      this.build();
      this.newPit(kind, kind === "intro" ? null : (seed ?? randomSeed()), true);
      this.observe();
    }

    // ------------------------------------------------------- building

    // The widget's parts, top to bottom, and their event handlers.
    build() {
      const root = this.root;
      root.textContent = "";
      root.classList.add("sandpit-ready");
      const id = `sandpit-${Math.random().toString(36).slice(2, 9)}`;
      root.append(
        this.buildPitBar(),
        this.buildBoard(id),
        ...this.buildStatusLines(id),
        this.buildAutoBar(),
        ...this.buildRunReport(),
        this.buildDipTable(),
      );
      this.bindControls();
      this.bindPointer();
      this.bindKeyboard();
    }

    // The bar above the pit: the kind of pit, a new one, a replay, the
    // mode and Reveal.
    buildPitBar() {
      const bar = el("div", { className: "sandpit-bar" });
      const kindLabel = el("label", { className: "sandpit-field" }, "Pit ");
      this.kindSelect = el("select", { className: "sandpit-kind" });
      for (const k of core.KINDS) this.kindSelect.appendChild(el("option", { value: k }, KIND_LABELS[k]));
      kindLabel.appendChild(this.kindSelect);
      this.newButton = button("sandpit-new", "New random pit");
      this.replayButton = button("sandpit-replay", "Replay this pit");
      this.modeButton = button("sandpit-mode", "Depth only", { toggle: true });
      this.revealButton = button("sandpit-reveal", "Reveal", { toggle: true });
      bar.append(kindLabel, this.newButton, this.replayButton, this.modeButton, this.revealButton);
      return bar;
    }

    // The pit itself: a focusable canvas, described by the latest reading.
    buildBoard(id) {
      this.board = el("div", { className: "sandpit-board" });
      this.canvas = el("canvas", {
        className: "sandpit-canvas",
        tabindex: "0",
        role: "application",
        "aria-roledescription": "sandpit",
        "aria-label":
          "The sandpit, 6 m by 6 m, seen from above: x runs left to right, y bottom to top. " +
          "Click or tap to dip the stick. Arrow keys move the cursor by 0.1 m (with Shift, 0.5 m); " +
          "Enter or Space dips at the cursor.",
        "aria-describedby": `${id}-readout`,
      });
      this.board.appendChild(this.canvas);
      return this.board;
    }

    // Under the pit: the info line, the cursor's position for screen
    // readers, the latest reading, the status message and the legend.
    buildStatusLines(id) {
      this.info = el("p", { className: "sandpit-info" });
      this.cursorLive = el("span", { className: "sandpit-visually-hidden", "aria-live": "polite" });
      this.readout = el("p", { className: "sandpit-readout", id: `${id}-readout`, "aria-live": "polite" });
      this.message = el("p", { className: "sandpit-message", role: "status", "aria-live": "polite" });
      this.legend = el("p", { className: "sandpit-legend" });
      this.legend.hidden = true;
      return [this.info, this.cursorLive, this.readout, this.message, this.legend];
    }

    // The bar of automatic runs: steepest descent, its step size, Newton.
    buildAutoBar() {
      const auto = el("div", { className: "sandpit-bar sandpit-auto" });
      this.descentButton = button("sandpit-descent", "Steepest descent from next click", { toggle: true });
      const stepLabel = el("label", { className: "sandpit-field" }, "step size \u03b7 ");
      this.stepInput = el("input", {
        type: "number",
        className: "sandpit-step",
        value: String(core.DEFAULT_STEP.intro),
        min: "0.001",
        step: "0.05",
        inputmode: "decimal",
      });
      stepLabel.appendChild(this.stepInput);
      this.newtonButton = button("sandpit-newton", "Newton from next click", { toggle: true });
      auto.append(this.descentButton, stepLabel, this.newtonButton);
      return auto;
    }

    // The last automatic run's report, and its steps (folded away).
    buildRunReport() {
      this.report = el("p", { className: "sandpit-report", "aria-live": "polite" });
      this.steps = el("details", { className: "sandpit-steps" });
      this.steps.appendChild(el("summary", {}, "Steps of the last automatic run"));
      this.stepList = el("ol", { className: "sandpit-step-list", start: "0" });
      this.steps.appendChild(this.stepList);
      this.steps.hidden = true;
      return [this.report, this.steps];
    }

    // The table of the reader's dips.
    buildDipTable() {
      const table = el("table", { className: "sandpit-dips" });
      table.appendChild(el("caption", {}, "Your dips"));
      const head = el("tr");
      for (const h of ["Dip", "x (m)", "y (m)", "height d (m)", "note"]) {
        head.appendChild(el("th", { scope: "col" }, h));
      }
      const thead = el("thead");
      thead.appendChild(head);
      this.tbody = el("tbody");
      table.append(thead, this.tbody);
      this.table = table;
      return table;
    }

    // The buttons and the menu.
    bindControls() {
      this.kindSelect.addEventListener("change", () => {
        const k = this.kindSelect.value;
        this.newPit(k, k === "intro" ? null : randomSeed());
      });
      this.newButton.addEventListener("click", () => {
        const k = this.kindSelect.value === "intro" ? "random" : this.kindSelect.value;
        this.newPit(k, randomSeed());
      });
      // A native <select> fires no change for the option already chosen, so
      // the same pit is played again with a button of its own.
      this.replayButton.addEventListener("click", () => {
        this.newPit(this.landscape.kind, this.landscape.seed, false, true);
      });
      this.modeButton.addEventListener("click", () => {
        this.setMode(this.mode === "gradient" ? "depth-only" : "gradient");
      });
      this.revealButton.addEventListener("click", () => this.toggleReveal());
      this.descentButton.addEventListener("click", () => {
        this.arm(this.armed === "steepest" ? null : "steepest");
      });
      this.newtonButton.addEventListener("click", () => {
        this.arm(this.armed === "newton" ? null : "newton");
      });
    }

    // Pointer events: a click or a tap (not a drag or a scroll) dips.
    bindPointer() {
      let down = null;
      this.canvas.addEventListener("pointerdown", (e) => {
        if (e.pointerType === "mouse" && e.button !== 0) return;
        down = { id: e.pointerId, x: e.clientX, y: e.clientY };
      });
      this.canvas.addEventListener("pointerup", (e) => {
        if (!down || down.id !== e.pointerId) return;
        const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
        down = null;
        if (moved > 10) return;
        const p = this.pitPoint(e.clientX, e.clientY);
        this.canvas.focus({ preventScroll: true });
        // The keyboard cross-hair is for the keyboard: after a click or a tap
        // it would sit on the newest dip's marker.
        this.showCursor = false;
        this.act(p.x, p.y);
      });
      this.canvas.addEventListener("pointercancel", () => {
        down = null;
      });
    }

    // The keys, and the cross-hair that shows while the keyboard has the pit.
    bindKeyboard() {
      this.canvas.addEventListener("keydown", (e) => this.key(e));
      this.canvas.addEventListener("focus", () => {
        // Shown when the focus came from the keyboard (Tab), not from a
        // pointer; an arrow key shows it in any case.
        let keyboard = true;
        try {
          keyboard = this.canvas.matches(":focus-visible");
        } catch {
          keyboard = true;
        }
        this.showCursor = keyboard;
        this.update();
      });
      this.canvas.addEventListener("blur", () => {
        this.showCursor = false;
        this.update();
      });
    }

    // Redraws when the pit's width or the book's theme changes.
    observe() {
      if (typeof ResizeObserver === "function") {
        let last = 0;
        new ResizeObserver(() => {
          const w = this.board.clientWidth;
          if (w !== last) {
            last = w;
            this.resize();
          }
        }).observe(this.board);
      } else {
        window.addEventListener("resize", () => this.resize());
      }
      // mdBook switches themes by changing the class of <html>.
      new MutationObserver(() => this.draw()).observe(document.documentElement, {
        attributes: true,
        attributeFilter: ["class"],
      });
      this.resize();
    }

    resize() {
      const width = Math.max(Math.min(this.board.clientWidth || MAX_WIDTH, MAX_WIDTH), 220);
      this.side = width - PAD.left - PAD.right;
      this.width = width;
      this.height = this.side + PAD.top + PAD.bottom;
      const dpr = window.devicePixelRatio || 1;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${this.height}px`;
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(this.height * dpr);
      this.dpr = dpr;
      this.image = null;
      this.draw();
    }

    // Pit coordinates (metres) to canvas coordinates (CSS pixels), and back.
    toCanvas(x, y) {
      return [PAD.left + (x / SIZE) * this.side, PAD.top + (1 - y / SIZE) * this.side];
    }
    pitPoint(clientX, clientY) {
      const r = this.canvas.getBoundingClientRect();
      const cx = ((clientX - r.left) * this.width) / r.width;
      const cy = ((clientY - r.top) * this.height) / r.height;
      return { x: ((cx - PAD.left) / this.side) * SIZE, y: (1 - (cy - PAD.top) / this.side) * SIZE };
    }
    clientPoint(x, y) {
      const r = this.canvas.getBoundingClientRect();
      const c = this.toCanvas(x, y);
      return { x: r.left + (c[0] * r.width) / this.width, y: r.top + (c[1] * r.height) / this.height };
    }

    // -------------------------------------------------- pits and modes

    newPit(kind, seed, first, replay) {
      const kindChanged = !this.landscape || this.landscape.kind !== kind;
      this.landscape = core.Landscape.of(kind, seed === null ? 0 : seed);
      const stepNote = kindChanged ? this.resetStep(kind, first) : "";
      this.kindSelect.value = kind;
      this.game = new core.Game(this.landscape, this.mode, this.maxDips);
      this.revealed = false;
      this.image = null;
      this.run = null;
      this.arm(null, true);
      this.report.textContent = "";
      this.stepList.textContent = "";
      this.steps.hidden = true;
      this.readout.textContent = "";
      const name = this.landscape.name();
      const intro = first
        ? ""
        : replay
          ? `The ${name} again, hidden, with all ${this.maxDips} dips. `
          : `A new pit: the ${name}. `;
      this.say(
        `${intro}Click or tap anywhere in the pit to dip the stick; find the deepest point in as few dips as you can.` +
          stepNote,
      );
      this.update();
    }

    // Each kind of pit has its own starting step size: the sharper its
    // hollows curve, the smaller a step descent can take without
    // overshooting. A reader's own choice stays for new pits of the same
    // kind; when the kind changes (New random pit on the introductory pit
    // moves on to random pits) the box shows the new kind's default, and
    // the message says so (the returned sentence) if that changes the
    // number in the box.
    resetStep(kind, first) {
      const eta = String(core.DEFAULT_STEP[kind]);
      const changed = !first && this.stepInput.value !== eta;
      this.stepInput.value = eta;
      return changed ? ` The step size \u03b7 is now ${eta}, the default for ${KIND_PLURALS[kind]}.` : "";
    }

    setMode(mode) {
      this.mode = mode;
      this.game = new core.Game(this.landscape, mode, this.maxDips);
      this.revealed = false;
      this.readout.textContent = "";
      this.say(
        (mode === "depth-only"
          ? "Depth-only mode: each dip shows the height reading d and nothing else."
          : "Gradient mode: each dip shows the height reading d and the downhill arrow.") +
          " A new game has started on the same pit.",
      );
      this.update();
    }

    toggleReveal() {
      this.revealed = !this.revealed;
      this.say(
        this.revealed
          ? "Revealed: the colours show the landscape, dark for deep and yellow for high, with contour lines; " +
              "the ringed star marks the deepest point."
          : "The landscape is hidden again.",
      );
      this.update();
    }

    // Waits for a click to start `method` ("steepest" or "newton") there;
    // null goes back to dipping by hand.
    arm(method, quiet) {
      this.armed = method;
      this.descentButton.setAttribute("aria-pressed", String(method === "steepest"));
      this.newtonButton.setAttribute("aria-pressed", String(method === "newton"));
      if (quiet) return;
      if (method === "steepest") {
        this.say("Steepest descent: click or tap a starting point (or press Enter at the cursor). Escape cancels.");
      } else if (method === "newton") {
        this.say("Newton's method: click or tap a starting point (or press Enter at the cursor). Escape cancels.");
      } else {
        this.say("Back to dipping by hand.");
      }
    }

    say(text) {
      this.message.textContent = text;
    }

    // ------------------------------------------------------------ input

    // Keys the pit handles do not reach mdBook, whose arrow keys turn pages.
    key(e) {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const step = e.shiftKey ? 0.5 : 0.1;
      const c = this.cursor;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (moves[e.key]) {
        handled();
        const round = (v) => Math.round(Math.min(Math.max(v, 0), SIZE) * 1000) / 1000;
        this.cursor = { x: round(c.x + moves[e.key][0]), y: round(c.y + moves[e.key][1]) };
        this.showCursor = true;
        this.announceCursor();
        this.update();
      } else if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
        handled();
        this.act(c.x, c.y);
      } else if (e.key === "Escape" && this.armed) {
        handled();
        this.arm(null);
      }
    }

    // Tells a screen reader where the cursor is, once the keys rest.
    announceCursor() {
      clearTimeout(this.cursorTimer);
      this.cursorTimer = setTimeout(() => {
        this.cursorLive.textContent = `Cursor at x = ${num(this.cursor.x, 1)} m, y = ${num(this.cursor.y, 1)} m`;
      }, 400);
    }

    // A click, a tap or Enter at (x, y): a dip, or the armed automatic run.
    act(x, y) {
      if (!core.inside(x, y)) {
        this.say("That is outside the pit: it spans 0 to 6 m in x and y. Click or tap inside the sandy square.");
        return;
      }
      this.cursor = { x, y };
      if (this.armed) this.automatic(this.armed, x, y);
      else this.dip(x, y);
    }

    // ------------------------------------------------------------- dips

    dip(x, y) {
      let d;
      try {
        d = this.game.dip(x, y);
      } catch (e) {
        if (e.code === "game-over") {
          this.say("The game is over: press Replay this pit to play it again, or New random pit, or pick a pit.");
        } else {
          this.say("That is outside the pit: it spans 0 to 6 m in x and y.");
        }
        return;
      }
      this.readout.textContent = this.readingText(d);
      this.say(this.outcomeText(d.outcome, x, y));
      this.addRow(d);
      this.update();
    }

    // What the stick read at a dip, and in gradient mode the slope there.
    readingText(d) {
      let text = `Dip ${d.number} at x = ${num(d.x, 2)} m, y = ${num(d.y, 2)} m: ${heightText(d.depth, 3)}.`;
      if (d.gradient) {
        const [gx, gy] = d.gradient;
        const n = Math.hypot(gx, gy);
        text +=
          ` Gradient \u2207d = (${num(gx, 3)}, ${num(gy, 3)}), slope ${num(n, 3)}: ` +
          "downhill is the opposite way, where the arrow points.";
      }
      return text;
    }

    // What a dip at (x, y) means for the game; a finished game also
    // reveals the landscape.
    outcomeText(o, x, y) {
      const deepest = this.landscape.deepest();
      const where = `${at(deepest.x, deepest.y)}, ${num(-deepest.depth, 3)} m deep`;
      if (o.kind === "won") {
        this.revealed = true;
        return (
          `You found the deepest point in ${o.dips}${plural(o.dips, " dip", " dips")}! It is at ${where}. ` +
          "The landscape is revealed; Replay this pit to try for fewer dips."
        );
      }
      if (o.kind === "local-minimum") {
        // What the rule tests: the dip is within WIN_DISTANCE of the bottom
        // of a hollow that is not the deepest. The ground there need not be
        // level (15 cm up the side of a narrow hollow it can slope by 1 m per
        // metre), so the message says how near the bottom the dip is.
        const near = nearestMinimum(this.landscape, x, y);
        return (
          `Near a local minimum: this dip is ${distanceText(near.distance)} from the bottom of a hollow, ` +
          `but not the deepest one. The deepest point is ${distanceText(o.distanceToDeepest)} away. Keep dipping.`
        );
      }
      if (o.kind === "out-of-dips") {
        this.revealed = true;
        return (
          `Out of dips: all ${this.maxDips} are used. The deepest point was at ${where}. ` +
          "The landscape is revealed; Replay this pit to try again."
        );
      }
      const left = this.game.dipsLeft();
      return `${left}${plural(left, " dip left.", " dips left.")}`;
    }

    addRow(d) {
      const note = OUTCOME_NOTES[d.outcome.kind] || "";
      const tr = el("tr");
      for (const t of [String(d.number), num(d.x, 2), num(d.y, 2), num(d.depth, 3), note]) {
        tr.appendChild(el("td", {}, t));
      }
      this.tbody.appendChild(tr);
    }

    // --------------------------------------------------- automatic runs

    automatic(method, x, y) {
      const step = Number(this.stepInput.value);
      if (method === "steepest" && !(isFinite(step) && step > 0)) {
        this.say(
          `The step size \u03b7 must be a positive number, such as ${core.DEFAULT_STEP[this.landscape.kind]} ` +
            "(this kind of pit's default).",
        );
        return;
      }
      const result =
        method === "steepest"
          ? core.steepestDescent(this.landscape, [x, y], step, 2000)
          : core.newton(this.landscape, [x, y], 100);
      this.arm(null, true);
      this.run = { method, start: [x, y], step, result, shown: 1, done: false };
      const name = method === "steepest" ? `Steepest descent (\u03b7 = ${step})` : "Newton's method";
      this.report.textContent = "Running\u2026";
      this.say(`${name} is running from ${at(x, y)}.`);
      this.animate(name);
    }

    // Draws the run's path a few steps a frame, in about 75 frames.
    animate(name) {
      const run = this.run;
      const total = run.result.path.length;
      const perFrame = Math.max(1, Math.ceil(total / 75));
      const frame = () => {
        if (this.run !== run) return; // a newer run or a new pit
        run.shown = Math.min(total, run.shown + perFrame);
        this.draw();
        if (run.shown < total && !document.hidden) requestAnimationFrame(frame);
        else this.finish(name);
      };
      requestAnimationFrame(frame);
    }

    // The report of a finished run says how it ended, once, under the
    // buttons; the status line above them only points there.
    finish(name) {
      const run = this.run;
      run.shown = run.result.path.length;
      run.done = true;
      const { text, link } = this.runEnding(run);
      this.report.textContent = `${name} from ${at(run.start[0], run.start[1])}: ${text}`;
      if (link) {
        this.report.appendChild(hessianLink());
        this.report.appendChild(
          document.createTextNode(", next, calls this a Hessian that is not positive definite.)"),
        );
      }
      this.report.appendChild(document.createTextNode(" Automatic runs do not use up your dips."));
      this.say(`${name} has finished: the report is under the buttons.`);
      this.listSteps();
      this.update();
    }

    // How a run ended, in words: {text, link}, where link asks for the
    // link to the Hessian section after the text.
    runEnding(run) {
      const r = run.result;
      const steps = r.path.length - 1;
      const end = r.path[steps];
      const ending = {
        steps,
        end,
        after: ` after ${steps}${plural(steps, " step", " steps")}`,
        where: `, at ${at(end[0], end[1])}, where ${heightText(this.landscape.depthAt(end[0], end[1]), 3)}.`,
      };
      if (r.status === "converged") return { text: this.convergedText(ending) };
      if (r.status === "not-a-minimum" && run.method === "newton") {
        return { text: this.newtonRefusalText(ending), link: true };
      }
      if (r.status === "not-a-minimum") return { text: this.levelGroundText(ending) };
      if (r.status === "left-the-pit") {
        return {
          text:
            steps === 0
              ? "it took no step: the first step would leave the pit."
              : `it stopped${ending.after}${ending.where} The next step would leave the pit.`,
        };
      }
      if (r.status === "max-steps") return { text: this.stepLimitText(ending) };
      return { text: `${core.STATUS_TEXT[r.status]}.` };
    }

    // A run that converged: to the deepest point or to another hollow.
    convergedText({ steps, end, after, where }) {
      const deepest = this.landscape.deepest();
      const far = Math.hypot(end[0] - deepest.x, end[1] - deepest.y);
      return (
        (steps === 0
          ? `it took no step: it started at the bottom of a hollow, where ${heightText(
              this.landscape.depthAt(end[0], end[1]),
              3,
            )}.`
          : core.STATUS_TEXT.converged + after + where) +
        (far <= core.WIN_DISTANCE ? " That is the deepest point." : " That is a local minimum, not the deepest point.")
      );
    }

    // Newton's method refuses a point where the Hessian is not positive
    // definite: the bowl it would fit there has no bottom to jump to. The
    // sentence ends in an open bracket that the link to the Hessian
    // section continues.
    newtonRefusalText({ steps, end, after, where }) {
      const h = this.landscape.hessianAt(end[0], end[1]);
      const down = h[0] < 0 || h[2] < 0 || h[0] * h[2] - h[1] * h[1] < 0;
      return (
        (steps === 0 ? "it took no step. At the start" : `it stopped${after}${where} There`) +
        (down
          ? " the ground curves down in at least one direction, so it is not shaped like a bowl, and the bowl "
          : " the ground is not curved at all in some direction, so the bowl ") +
        "Newton's method would fit there has no bottom to jump to. ("
      );
    }

    // Steepest descent stops where the gradient vanishes; this is what it
    // found there.
    levelGroundText({ steps, end, after, where }) {
      const h = this.landscape.hessianAt(end[0], end[1]);
      return (
        (steps === 0
          ? "it took no step: the ground at the start is level"
          : `it came to rest${after}${where} The ground there is level`) + levelPoint(h)
      );
    }

    // Stopped by the limit, not by the gradient: say how close it came.
    stepLimitText({ end, after, where }) {
      let text = core.STATUS_TEXT["max-steps"] + after + where;
      const near = nearestMinimum(this.landscape, end[0], end[1]);
      if (near && near.distance <= core.WIN_DISTANCE) {
        text +=
          near.index === 0
            ? ` It was nearly there: ${distanceText(near.distance)} from the deepest point.`
            : ` It was nearly at the bottom of a hollow, ${distanceText(near.distance)} away, but not the deepest one.`;
      } else {
        const deep = this.landscape.deepest();
        text += ` It ended ${distanceText(Math.hypot(end[0] - deep.x, end[1] - deep.y))} from the deepest point.`;
      }
      return text;
    }

    listSteps() {
      const path = this.run.result.path;
      this.stepList.textContent = "";
      for (const p of path.slice(0, LISTED_STEPS)) {
        const d = this.landscape.depthAt(p[0], p[1]);
        this.stepList.appendChild(el("li", {}, `${at(p[0], p[1])}, d = ${num(d, 4)} m`));
      }
      if (path.length > LISTED_STEPS) {
        this.stepList.appendChild(
          el("li", { className: "sandpit-more" }, `\u2026 and ${path.length - LISTED_STEPS} more`),
        );
      }
      this.steps.hidden = false;
    }

    // ---------------------------------------------------------- showing

    // The text and buttons that follow the state, then the drawing.
    update() {
      const g = this.game;
      const name = this.landscape.name().replace(/^./, (c) => c.toUpperCase());
      const mode = this.mode === "gradient" ? "gradient mode" : "depth-only mode";
      // Only while the keyboard's cross-hair is drawn: a reader with a
      // mouse or a finger never sees one.
      const crossHair = this.showCursor
        ? ` \u00b7 cross-hair at x = ${num(this.cursor.x, 2)} m, y = ${num(this.cursor.y, 2)} m`
        : "";
      this.info.textContent = `${name} \u00b7 ${mode} \u00b7 ${g.dips.length} of ${g.maxDips} dips used${crossHair}`;
      this.modeButton.setAttribute("aria-pressed", String(this.mode === "depth-only"));
      this.revealButton.setAttribute("aria-pressed", String(this.revealed));
      this.revealButton.textContent = this.revealed ? "Hide the landscape" : "Reveal";
      if (g.dips.length === 0) this.tbody.textContent = "";
      this.table.hidden = g.dips.length === 0;
      this.legend.hidden = !this.revealed;
      this.draw();
    }

    // The landscape as an image: viridis colours (dark = deep), contour
    // lines. Made once per pit and size, and the legend with it.
    landscapeImage() {
      if (this.image) return this.image;
      const n = Math.max(Math.min(Math.round(this.side * Math.min(this.dpr, 1.5)), 600), 60);
      const { values, lo, hi } = this.sampleHeights(n);
      const step = niceStep(hi - lo);
      const off = document.createElement("canvas");
      off.width = n;
      off.height = n;
      const ctx = off.getContext("2d");
      ctx.putImageData(heightImage(ctx, n, values, lo, hi, step), 0, 0);
      this.image = off;
      this.legend.textContent =
        `Colours: dark purple is deep, yellow is high (heights d from ${num(lo, 2)} m to ${num(hi, 2)} m); ` +
        `contour lines every ${step} m. The ringed star is the deepest point, plain rings the other local minima.`;
      return off;
    }

    // The heights at the centres of an n by n grid over the pit, row by
    // row from the top (y = 6), with the lowest and the highest.
    sampleHeights(n) {
      const l = this.landscape;
      const values = new Float64Array(n * n);
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const v = l.depthAt(((i + 0.5) / n) * SIZE, (1 - (j + 0.5) / n) * SIZE);
          values[j * n + i] = v;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      return { values, lo, hi };
    }

    // --------------------------------------------------------- drawing

    // Draws the pit, and records what it drew in `this.drawn` for tests.
    // Layers, bottom to top: the ground, grid and axes; the minima (once
    // revealed); the automatic run's path; the cursor; the dips.
    draw() {
      if (!this.side || !this.landscape) return;
      const ctx = this.canvas.getContext("2d");
      const p = palette(this.root);
      const drawn = {
        dips: 0,
        arrows: 0,
        paths: 0,
        revealed: false,
        minima: 0,
        cursor: false,
        arrowShapes: [],
        colours: { sand: p.sand, halo: p.halo, last: p.last, cursor: p.cursor, arrow: p.arrow },
      };
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.clearRect(0, 0, this.width, this.height);
      this.drawGround(ctx, p, drawn);
      this.drawGrid(ctx, p);
      this.drawAxes(ctx, p);
      if (this.revealed) this.drawMinima(ctx, drawn);
      if (this.run) this.drawRunPath(ctx, p, drawn);
      if (this.showCursor) this.drawCursor(ctx, p, drawn);
      this.drawDips(ctx, p, drawn);
      this.drawn = drawn;
      this.root.dataset.dips = String(drawn.dips);
    }

    // The pit: sand, or the revealed landscape.
    drawGround(ctx, p, drawn) {
      const S = this.side;
      if (this.revealed) {
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(this.landscapeImage(), PAD.left, PAD.top, S, S);
        drawn.revealed = true;
      } else {
        ctx.fillStyle = p.sand;
        ctx.fillRect(PAD.left, PAD.top, S, S);
      }
    }

    // A metre grid, and the border.
    drawGrid(ctx, p) {
      const S = this.side;
      ctx.strokeStyle = this.revealed ? "rgba(255, 255, 255, 0.18)" : p.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let m = 1; m < SIZE; m++) {
        const gx = Math.round(PAD.left + (m / SIZE) * S) + 0.5;
        const gy = Math.round(PAD.top + (m / SIZE) * S) + 0.5;
        ctx.moveTo(gx, PAD.top);
        ctx.lineTo(gx, PAD.top + S);
        ctx.moveTo(PAD.left, gy);
        ctx.lineTo(PAD.left + S, gy);
      }
      ctx.stroke();
      ctx.strokeStyle = p.border;
      ctx.lineWidth = 2;
      ctx.strokeRect(PAD.left, PAD.top, S, S);
    }

    // The axes: metres along the bottom and the left, and their names.
    drawAxes(ctx, p) {
      const S = this.side;
      ctx.fillStyle = p.text;
      ctx.font = "12px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (let m = 0; m <= SIZE; m++) {
        ctx.fillText(String(m), PAD.left + (m / SIZE) * S, PAD.top + S + 4);
      }
      ctx.textAlign = "right";
      ctx.textBaseline = "middle";
      for (let m = 0; m <= SIZE; m++) {
        ctx.fillText(String(m), PAD.left - 6, PAD.top + (1 - m / SIZE) * S);
      }
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText("x (m)", PAD.left + S - 30, PAD.top + S + 16);
      ctx.save();
      ctx.translate(2, PAD.top + 32);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "right";
      ctx.fillText("y (m)", 0, 0);
      ctx.restore();
    }

    // The minima: the deepest as a star in a dashed ring as wide as the
    // winning distance, the others as plain rings.
    drawMinima(ctx, drawn) {
      const S = this.side;
      this.landscape.minima.forEach((minimum, i) => {
        const c = this.toCanvas(minimum.x, minimum.y);
        ctx.lineWidth = 2;
        ctx.strokeStyle = "#000000";
        ctx.fillStyle = "#ffffff";
        if (i === 0) {
          star(ctx, c[0], c[1], 9, 4);
          ctx.fill();
          ctx.stroke();
          ctx.beginPath();
          ctx.arc(c[0], c[1], (core.WIN_DISTANCE / SIZE) * S, 0, 2 * Math.PI);
          ctx.strokeStyle = "#ffffff";
          ctx.setLineDash([4, 3]);
          ctx.stroke();
          ctx.setLineDash([]);
        } else {
          ctx.beginPath();
          ctx.arc(c[0], c[1], 7, 0, 2 * Math.PI);
          ctx.strokeStyle = "#000000";
          ctx.lineWidth = 4;
          ctx.stroke();
          ctx.strokeStyle = "#ffffff";
          ctx.lineWidth = 2;
          ctx.stroke();
        }
        drawn.minima += 1;
      });
    }

    // The automatic run's path so far: a haloed line, with a dot at every
    // step (every few steps of a long run) and a bigger one at the start.
    drawRunPath(ctx, p, drawn) {
      const path = this.run.result.path.slice(0, this.run.shown);
      ctx.lineJoin = "round";
      for (const [colour, width] of [
        [p.halo, 5],
        [p.path, 2.5],
      ]) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.beginPath();
        path.forEach((q, i) => {
          const c = this.toCanvas(q[0], q[1]);
          if (i === 0) ctx.moveTo(c[0], c[1]);
          else ctx.lineTo(c[0], c[1]);
        });
        ctx.stroke();
      }
      ctx.fillStyle = p.path;
      ctx.strokeStyle = p.halo;
      ctx.lineWidth = 1.5;
      const every = Math.max(1, Math.floor(path.length / 60));
      path.forEach((q, i) => {
        if (i % every !== 0 && i !== path.length - 1) return;
        const c = this.toCanvas(q[0], q[1]);
        ctx.beginPath();
        ctx.arc(c[0], c[1], i === 0 ? 5 : 3, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      });
      drawn.paths = 1;
    }

    // The keyboard cursor: a cross in a circle as wide as the winning
    // distance, drawn under the dips, with a gap in the middle wider than
    // a dip's marker, so a dip made at the cursor stays in sight.
    drawCursor(ctx, p, drawn) {
      const [x, y] = this.toCanvas(this.cursor.x, this.cursor.y);
      const r = (core.WIN_DISTANCE / SIZE) * this.side;
      for (const [colour, width] of [
        [p.halo, 4],
        [p.cursor, 2],
      ]) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.beginPath();
        ctx.arc(x, y, r, 0, 2 * Math.PI);
        ctx.moveTo(x - r - 5, y);
        ctx.lineTo(x - CURSOR_GAP, y);
        ctx.moveTo(x + CURSOR_GAP, y);
        ctx.lineTo(x + r + 5, y);
        ctx.moveTo(x, y - r - 5);
        ctx.lineTo(x, y - CURSOR_GAP);
        ctx.moveTo(x, y + CURSOR_GAP);
        ctx.lineTo(x, y + r + 5);
        ctx.stroke();
      }
      drawn.cursor = true;
    }

    // The dips: in gradient mode the downhill arrow, then a marker and a
    // number each; the newest dip's marker is bigger and in its own colour.
    drawDips(ctx, p, drawn) {
      const dips = this.game.dips;
      dips.forEach((d, i) => {
        const c = this.toCanvas(d.x, d.y);
        const last = i === dips.length - 1;
        if (d.gradient) this.drawDownhillArrow(ctx, p, drawn, c, d.gradient, last);
        drawMarker(ctx, p, c, d.number, last);
        drawn.dips += 1;
      });
    }

    // The arrow from a dip at canvas point c, downhill: its length grows
    // with the slope, from 14 px towards 60 px.
    drawDownhillArrow(ctx, p, drawn, c, [gx, gy], last) {
      const n = Math.hypot(gx, gy);
      if (!(n > 0)) return;
      const len = 14 + 46 * (1 - Math.exp(-3 * n));
      // Downhill is minus the gradient; the canvas's y runs down.
      const ux = -gx / n;
      const uy = gy / n;
      const width = last ? 3 : 2.2;
      // One head for both strokes: a halo with a head of its own (sized by
      // its wider line) poked out beyond the arrow's as a dark barb.
      const head = 4 + 2 * width;
      const tip = [c[0] + ux * len, c[1] + uy * len];
      arrow(ctx, c[0], c[1], tip[0], tip[1], p.halo, width + 3, head);
      arrow(ctx, c[0], c[1], tip[0], tip[1], p.arrow, width, head);
      drawn.arrowShapes.push({ from: [c[0], c[1]], to: tip, head, width, halo: width + 3 });
      drawn.arrows += 1;
    }
  }

  // A dip's marker at canvas point c, with its number beside it.
  function drawMarker(ctx, p, c, number, last) {
    ctx.beginPath();
    ctx.arc(c[0], c[1], last ? 6 : 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = last ? p.last : p.marker;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = p.halo;
    ctx.stroke();
    ctx.font = "bold 11px sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.lineWidth = 3;
    ctx.strokeStyle = p.halo;
    ctx.strokeText(String(number), c[0] + 6, c[1] - 4);
    ctx.fillStyle = p.marker;
    ctx.fillText(String(number), c[0] + 6, c[1] - 4);
  }

  // The landscape's heights as pixels: viridis colours from lo (dark) to
  // hi (yellow), with a contour line wherever the height crosses a
  // multiple of `step`.
  function heightImage(ctx, n, values, lo, hi, step) {
    const img = ctx.createImageData(n, n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const k = j * n + i;
        const t = (values[k] - lo) / (hi - lo || 1);
        const c = viridis(t);
        const band = Math.floor(values[k] / step);
        const edge =
          (i + 1 < n && Math.floor(values[k + 1] / step) !== band) ||
          (j + 1 < n && Math.floor(values[k + n] / step) !== band);
        if (edge) {
          // Contours: dark on the light colours, light on the dark ones.
          const to = t > 0.45 ? 0 : 255;
          for (let m = 0; m < 3; m++) c[m] = Math.round(c[m] * 0.55 + to * 0.45);
        }
        img.data.set([c[0], c[1], c[2], 255], 4 * k);
      }
    }
    return img;
  }

  function arrow(ctx, x0, y0, x1, y1, colour, width, head) {
    const a = Math.atan2(y1 - y0, x1 - x0);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.moveTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
    ctx.stroke();
    ctx.lineCap = "butt";
  }

  // A five-pointed star's outline, centred on (x, y), one point up.
  function star(ctx, x, y, outer, inner) {
    ctx.beginPath();
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? outer : inner;
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      if (i === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  // ---------------------------------------------------------- the page

  // What tests may read and do: `element.sandpit`.
  function testHook(s) {
    return {
      core,
      get landscape() {
        return s.landscape;
      },
      get game() {
        return s.game;
      },
      get mode() {
        return s.mode;
      },
      get revealed() {
        return s.revealed;
      },
      get cursor() {
        return { x: s.cursor.x, y: s.cursor.y };
      },
      get drawn() {
        return s.drawn;
      },
      get run() {
        return s.run;
      },
      clientPoint: (x, y) => s.clientPoint(x, y),
      newPit: (kind, seed) => s.newPit(kind, seed === undefined ? randomSeed() : seed),
      // An automatic run from exactly (x, y), as a click there would start.
      play: (method, x, y) => s.automatic(method, x, y),
    };
  }

  function setUp(root) {
    if (root.sandpit) return;
    root.sandpit = testHook(new Sandpit(root));
    root.dataset.ready = "true";
  }

  function start() {
    if (!core) return;
    document.querySelectorAll("div.sandpit").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
