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
// For tests, the element gets `el.sandpit` with the live `landscape` and
// `game`, `clientPoint(x, y)` (where on the screen a point of the pit is),
// `newPit(kind, seed)`, `play(method, x, y)` (an automatic run from exactly
// that point) and `drawn` (what the last drawing showed: counts, the
// arrows' geometry in CSS pixels and the colours used).
(function () {
  "use strict";

  var core = globalThis.SandpitCore;
  var SIZE = 6;
  var PAD = { left: 34, right: 12, top: 12, bottom: 30 };
  var MAX_WIDTH = 520;
  // The cursor's cross stops this far (CSS pixels) from its centre: beyond
  // the newest dip's marker (radius 6, outline 1).
  var CURSOR_GAP = 9;
  var KIND_LABELS = {
    intro: "Introductory",
    random: "Random",
    multiple: "Several hollows",
    hard: "Hard",
  };
  // What a kind of pit is called in a sentence, in the plural.
  var KIND_PLURALS = {
    intro: "the introductory pit",
    random: "random pits",
    multiple: "pits with several hollows",
    hard: "hard pits",
  };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) {
      if (k === "className") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Numbers as a reader writes them: a real minus sign, no "-0.000".
  function num(v, digits) {
    var s = v.toFixed(digits);
    if (Number(s) === 0) s = (0).toFixed(digits);
    return s.replace("-", "\u2212");
  }

  function at(x, y) {
    return "(" + num(x, 2) + ", " + num(y, 2) + ")";
  }

  // A height reading d, and the depth it means: "d = −0.512 m (0.512 m
  // below the rim)".
  function heightText(d, digits) {
    var n = num(d, digits);
    var size = num(Math.abs(d), digits);
    if (Number(size) === 0) return "d = " + n + " m (level with the rim)";
    return "d = " + n + " m (" + size + (d < 0 ? " m below the rim)" : " m above the rim)");
  }

  // A link to the Hessian section, from any page of the book (mdBook sets
  // path_to_root on every page, the print page included).
  function hessianLink() {
    var root = typeof path_to_root === "string" ? path_to_root : "../";
    var a = document.createElement("a");
    a.href = root + "multivariate/hessian.html#the-second-order-picture";
    a.textContent = "The Hessian section";
    return a;
  }

  // What a level point that is not the bottom of a hollow is, from the
  // Hessian there: the end of a sentence that began "The ground is level".
  function levelPoint(h) {
    var det = h[0] * h[2] - h[1] * h[1];
    if (det < 0) return ", but it is a saddle, curving up one way and down another, not the bottom of a hollow.";
    if (det > 0 && h[0] < 0) return ", but it is the top of a bump, curving down every way, not the bottom of a hollow.";
    return ", but in some direction it is not curved at all, so it need not be the bottom of a hollow.";
  }

  // A distance in centimetres below a metre, in metres above.
  function distanceText(metres) {
    var cm = Math.round(metres * 100);
    return cm < 100 ? cm + " cm" : num(metres, 2) + " m";
  }

  // The local minimum nearest to (x, y), its index (0 is the deepest) and
  // its distance.
  function nearestMinimum(landscape, x, y) {
    var best = null;
    landscape.minima.forEach(function (m, i) {
      var d = Math.hypot(m.x - x, m.y - y);
      if (best === null || d < best.distance) best = { index: i, minimum: m, distance: d };
    });
    return best;
  }

  function randomSeed() {
    if (globalThis.crypto && crypto.getRandomValues) {
      return crypto.getRandomValues(new Uint32Array(1))[0];
    }
    return Math.floor(Math.random() * 4294967296) >>> 0;
  }

  function isDark() {
    return /\b(coal|navy|ayu)\b/.test(document.documentElement.className);
  }

  // Colours for the canvas, from the mdBook theme.
  function palette(root) {
    var cs = getComputedStyle(root);
    var dark = isDark();
    var text = cs.getPropertyValue("--fg").trim() || cs.color || (dark ? "#ddd" : "#222");
    if (dark) {
      return {
        dark: true,
        text: text,
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
      text: text,
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
  function viridis(t) {
    var c0 = [0.2777273272234177, 0.005407344544966578, 0.3340998053353061];
    var c1 = [0.1050930431085774, 1.404613529898575, 1.384590162594685];
    var c2 = [-0.3308618287255563, 0.214847559468213, 0.09509516302823659];
    var c3 = [-4.634230498983486, -5.799100973351585, -19.33244095627987];
    var c4 = [6.228269936347081, 14.17993336680509, 56.69055260068105];
    var c5 = [4.776384997670288, -13.74514537774601, -65.35303263337234];
    var c6 = [-5.435455855934631, 4.645852612178535, 26.3124352495832];
    var out = [0, 0, 0];
    for (var i = 0; i < 3; i++) {
      var v = c0[i] + t * (c1[i] + t * (c2[i] + t * (c3[i] + t * (c4[i] + t * (c5[i] + t * c6[i])))));
      out[i] = Math.round(255 * Math.min(Math.max(v, 0), 1));
    }
    return out;
  }

  function niceStep(range) {
    var raw = range / 10;
    var steps = [0.02, 0.05, 0.1, 0.2, 0.25, 0.5];
    for (var i = 0; i < steps.length; i++) if (raw <= steps[i]) return steps[i];
    return 1;
  }

  function Sandpit(root) {
    this.root = root;
    var kind = root.dataset.landscape || "intro";
    if (core.KINDS.indexOf(kind) < 0) kind = "intro";
    var seed = root.dataset.seed !== undefined && /^\d+$/.test(root.dataset.seed) ? Number(root.dataset.seed) >>> 0 : null;
    var maxDips = parseInt(root.dataset.maxDips || "20", 10);
    this.maxDips = maxDips > 0 ? maxDips : 20;
    this.mode = root.dataset.mode === "depth-only" ? "depth-only" : "gradient";
    this.cursor = { x: 3, y: 3 };
    this.showCursor = false;
    this.revealed = false;
    this.armed = null; // "steepest" or "newton" while waiting for a click
    this.run = null; // the last automatic run: {method, start, step, result, shown}
    this.drawn = { dips: 0, arrows: 0, paths: 0, revealed: false, minima: 0 };
    this.image = null;
    this.build();
    this.newPit(kind, kind === "intro" ? null : seed === null ? randomSeed() : seed, true);
    this.observe();
  }

  Sandpit.prototype.build = function () {
    var root = this.root;
    var self = this;
    root.textContent = "";
    root.classList.add("sandpit-ready");
    var id = "sandpit-" + Math.random().toString(36).slice(2, 9);

    var bar = el("div", { className: "sandpit-bar" });
    var kindLabel = el("label", { className: "sandpit-field" }, "Pit ");
    this.kindSelect = el("select", { className: "sandpit-kind" });
    core.KINDS.forEach(function (k) {
      self.kindSelect.appendChild(el("option", { value: k }, KIND_LABELS[k]));
    });
    kindLabel.appendChild(this.kindSelect);
    this.newButton = el("button", { type: "button", className: "sandpit-new" }, "New random pit");
    this.replayButton = el("button", { type: "button", className: "sandpit-replay" }, "Replay this pit");
    this.modeButton = el("button", { type: "button", className: "sandpit-mode", "aria-pressed": "false" }, "Depth only");
    this.revealButton = el(
      "button",
      { type: "button", className: "sandpit-reveal", "aria-pressed": "false" },
      "Reveal"
    );
    bar.append(kindLabel, this.newButton, this.replayButton, this.modeButton, this.revealButton);

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
      "aria-describedby": id + "-readout",
    });
    this.board.appendChild(this.canvas);

    this.info = el("p", { className: "sandpit-info" });
    this.cursorLive = el("span", { className: "sandpit-visually-hidden", "aria-live": "polite" });
    this.readout = el("p", { className: "sandpit-readout", id: id + "-readout", "aria-live": "polite" });
    this.message = el("p", { className: "sandpit-message", role: "status", "aria-live": "polite" });
    this.legend = el("p", { className: "sandpit-legend" });
    this.legend.hidden = true;

    var auto = el("div", { className: "sandpit-bar sandpit-auto" });
    this.descentButton = el(
      "button",
      { type: "button", className: "sandpit-descent", "aria-pressed": "false" },
      "Steepest descent from next click"
    );
    var stepLabel = el("label", { className: "sandpit-field" }, "step size \u03b7 ");
    this.stepInput = el("input", {
      type: "number",
      className: "sandpit-step",
      value: String(core.DEFAULT_STEP.intro),
      min: "0.001",
      step: "0.05",
      inputmode: "decimal",
    });
    stepLabel.appendChild(this.stepInput);
    this.newtonButton = el(
      "button",
      { type: "button", className: "sandpit-newton", "aria-pressed": "false" },
      "Newton from next click"
    );
    auto.append(this.descentButton, stepLabel, this.newtonButton);
    this.report = el("p", { className: "sandpit-report", "aria-live": "polite" });
    this.steps = el("details", { className: "sandpit-steps" });
    this.steps.appendChild(el("summary", {}, "Steps of the last automatic run"));
    this.stepList = el("ol", { className: "sandpit-step-list", start: "0" });
    this.steps.appendChild(this.stepList);
    this.steps.hidden = true;

    var table = el("table", { className: "sandpit-dips" });
    table.appendChild(el("caption", {}, "Your dips"));
    var head = el("tr");
    ["Dip", "x (m)", "y (m)", "height d (m)", ""].forEach(function (h, i) {
      head.appendChild(el("th", { scope: "col" }, i === 4 ? "note" : h));
    });
    var thead = el("thead");
    thead.appendChild(head);
    this.tbody = el("tbody");
    table.append(thead, this.tbody);
    this.table = table;

    root.append(
      bar,
      this.board,
      this.info,
      this.cursorLive,
      this.readout,
      this.message,
      this.legend,
      auto,
      this.report,
      this.steps,
      table
    );

    this.kindSelect.addEventListener("change", function () {
      var k = self.kindSelect.value;
      self.newPit(k, k === "intro" ? null : randomSeed());
    });
    this.newButton.addEventListener("click", function () {
      var k = self.kindSelect.value === "intro" ? "random" : self.kindSelect.value;
      self.newPit(k, randomSeed());
    });
    // A native <select> fires no change for the option already chosen, so
    // the same pit is played again with a button of its own.
    this.replayButton.addEventListener("click", function () {
      self.newPit(self.landscape.kind, self.landscape.seed, false, true);
    });
    this.modeButton.addEventListener("click", function () {
      self.setMode(self.mode === "gradient" ? "depth-only" : "gradient");
    });
    this.revealButton.addEventListener("click", function () {
      self.revealed = !self.revealed;
      self.say(
        self.revealed
          ? "Revealed: the colours show the landscape, dark for deep and yellow for high, with contour lines; " +
              "the ringed star marks the deepest point."
          : "The landscape is hidden again."
      );
      self.update();
    });
    this.descentButton.addEventListener("click", function () {
      self.arm(self.armed === "steepest" ? null : "steepest");
    });
    this.newtonButton.addEventListener("click", function () {
      self.arm(self.armed === "newton" ? null : "newton");
    });

    // Pointer events: a click or a tap (not a drag or a scroll) dips.
    var down = null;
    this.canvas.addEventListener("pointerdown", function (e) {
      if (e.pointerType === "mouse" && e.button !== 0) return;
      down = { id: e.pointerId, x: e.clientX, y: e.clientY };
    });
    this.canvas.addEventListener("pointerup", function (e) {
      if (!down || down.id !== e.pointerId) return;
      var moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
      down = null;
      if (moved > 10) return;
      var p = self.pitPoint(e.clientX, e.clientY);
      self.canvas.focus({ preventScroll: true });
      // The keyboard cross-hair is for the keyboard: after a click or a tap
      // it would sit on the newest dip's marker.
      self.showCursor = false;
      self.act(p.x, p.y);
    });
    this.canvas.addEventListener("pointercancel", function () {
      down = null;
    });
    this.canvas.addEventListener("keydown", function (e) {
      self.key(e);
    });
    this.canvas.addEventListener("focus", function () {
      // Shown when the focus came from the keyboard (Tab), not from a
      // pointer; an arrow key shows it in any case.
      var keyboard = true;
      try {
        keyboard = self.canvas.matches(":focus-visible");
      } catch (err) {
        keyboard = true;
      }
      self.showCursor = keyboard;
      self.update();
    });
    this.canvas.addEventListener("blur", function () {
      self.showCursor = false;
      self.update();
    });
  };

  Sandpit.prototype.observe = function () {
    var self = this;
    if (typeof ResizeObserver === "function") {
      var last = 0;
      new ResizeObserver(function () {
        var w = self.board.clientWidth;
        if (w !== last) {
          last = w;
          self.resize();
        }
      }).observe(this.board);
    } else {
      window.addEventListener("resize", function () {
        self.resize();
      });
    }
    // mdBook switches themes by changing the class of <html>.
    new MutationObserver(function () {
      self.draw();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    this.resize();
  };

  Sandpit.prototype.resize = function () {
    var width = Math.max(Math.min(this.board.clientWidth || MAX_WIDTH, MAX_WIDTH), 220);
    this.side = width - PAD.left - PAD.right;
    this.width = width;
    this.height = this.side + PAD.top + PAD.bottom;
    var dpr = window.devicePixelRatio || 1;
    this.canvas.style.width = width + "px";
    this.canvas.style.height = this.height + "px";
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.dpr = dpr;
    this.image = null;
    this.draw();
  };

  // Pit coordinates (metres) to canvas coordinates (CSS pixels), and back.
  Sandpit.prototype.toCanvas = function (x, y) {
    return [PAD.left + (x / SIZE) * this.side, PAD.top + (1 - y / SIZE) * this.side];
  };
  Sandpit.prototype.pitPoint = function (clientX, clientY) {
    var r = this.canvas.getBoundingClientRect();
    var cx = ((clientX - r.left) * this.width) / r.width;
    var cy = ((clientY - r.top) * this.height) / r.height;
    return { x: ((cx - PAD.left) / this.side) * SIZE, y: (1 - (cy - PAD.top) / this.side) * SIZE };
  };
  Sandpit.prototype.clientPoint = function (x, y) {
    var r = this.canvas.getBoundingClientRect();
    var c = this.toCanvas(x, y);
    return { x: r.left + (c[0] * r.width) / this.width, y: r.top + (c[1] * r.height) / this.height };
  };

  Sandpit.prototype.newPit = function (kind, seed, first, replay) {
    var kindChanged = !this.landscape || this.landscape.kind !== kind;
    this.landscape = core.Landscape.of(kind, seed === null ? 0 : seed);
    // Each kind of pit has its own starting step size: the sharper its
    // hollows curve, the smaller a step descent can take without
    // overshooting. A reader's own choice stays for new pits of the same
    // kind; when the kind changes (New random pit on the introductory pit
    // moves on to random pits) the box shows the new kind's default, and
    // the message says so if that changes the number in the box.
    var stepNote = "";
    if (kindChanged) {
      var eta = String(core.DEFAULT_STEP[kind]);
      if (!first && this.stepInput.value !== eta) {
        stepNote = " The step size \u03b7 is now " + eta + ", the default for " + KIND_PLURALS[kind] + ".";
      }
      this.stepInput.value = eta;
    }
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
    this.say(
      (first
        ? ""
        : replay
          ? "The " + this.landscape.name() + " again, hidden, with all " + this.maxDips + " dips. "
          : "A new pit: the " + this.landscape.name() + ". ") +
        "Click or tap anywhere in the pit to dip the stick; find the deepest point in as few dips as you can." +
        stepNote
    );
    this.update();
  };

  Sandpit.prototype.setMode = function (mode) {
    this.mode = mode;
    this.game = new core.Game(this.landscape, mode, this.maxDips);
    this.revealed = false;
    this.readout.textContent = "";
    this.say(
      (mode === "depth-only"
        ? "Depth-only mode: each dip shows the height reading d and nothing else."
        : "Gradient mode: each dip shows the height reading d and the downhill arrow.") +
        " A new game has started on the same pit."
    );
    this.update();
  };

  Sandpit.prototype.arm = function (method, quiet) {
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
  };

  Sandpit.prototype.say = function (text) {
    this.message.textContent = text;
  };

  // Keys the pit handles do not reach mdBook, whose arrow keys turn pages.
  Sandpit.prototype.key = function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var step = e.shiftKey ? 0.5 : 0.1;
    var c = this.cursor;
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) {
      e.preventDefault();
      e.stopPropagation();
      var round = function (v) {
        return Math.round(Math.min(Math.max(v, 0), SIZE) * 1000) / 1000;
      };
      this.cursor = { x: round(c.x + moves[e.key][0]), y: round(c.y + moves[e.key][1]) };
      this.showCursor = true;
      this.announceCursor();
      this.update();
    } else if (e.key === "Enter" || e.key === " " || e.key === "Spacebar") {
      e.preventDefault();
      e.stopPropagation();
      this.act(c.x, c.y);
    } else if (e.key === "Escape" && this.armed) {
      e.preventDefault();
      e.stopPropagation();
      this.arm(null);
    }
  };

  Sandpit.prototype.announceCursor = function () {
    var self = this;
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(function () {
      self.cursorLive.textContent = "Cursor at x = " + num(self.cursor.x, 1) + " m, y = " + num(self.cursor.y, 1) + " m";
    }, 400);
  };

  Sandpit.prototype.act = function (x, y) {
    if (!core.inside(x, y)) {
      this.say(
        "That is outside the pit: it spans 0 to 6 m in x and y. Click or tap inside the sandy square."
      );
      return;
    }
    this.cursor = { x: x, y: y };
    if (this.armed) this.automatic(this.armed, x, y);
    else this.dip(x, y);
  };

  Sandpit.prototype.dip = function (x, y) {
    var d;
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
    var text = "Dip " + d.number + " at x = " + num(x, 2) + " m, y = " + num(y, 2) + " m: " + heightText(d.depth, 3) + ".";
    if (d.gradient) {
      var g = d.gradient;
      var n = Math.hypot(g[0], g[1]);
      text +=
        " Gradient \u2207d = (" +
        num(g[0], 3) +
        ", " +
        num(g[1], 3) +
        "), slope " +
        num(n, 3) +
        ": downhill is the opposite way, where the arrow points.";
    }
    this.readout.textContent = text;
    var deepest = this.landscape.deepest();
    var o = d.outcome;
    if (o.kind === "won") {
      this.revealed = true;
      this.say(
        "You found the deepest point in " +
          o.dips +
          (o.dips === 1 ? " dip" : " dips") +
          "! It is at " +
          at(deepest.x, deepest.y) +
          ", " +
          num(-deepest.depth, 3) +
          " m deep. The landscape is revealed; Replay this pit to try for fewer dips."
      );
    } else if (o.kind === "local-minimum") {
      // What the rule tests: the dip is within WIN_DISTANCE of the bottom of
      // a hollow that is not the deepest. The ground there need not be
      // level (15 cm up the side of a narrow hollow it can slope by 1 m per
      // metre), so the message says how near the bottom the dip is.
      var near = nearestMinimum(this.landscape, x, y);
      this.say(
        "Near a local minimum: this dip is " +
          distanceText(near.distance) +
          " from the bottom of a hollow, but not the deepest one. The deepest point is " +
          distanceText(o.distanceToDeepest) +
          " away. Keep dipping."
      );
    } else if (o.kind === "out-of-dips") {
      this.revealed = true;
      this.say(
        "Out of dips: all " +
          this.maxDips +
          " are used. The deepest point was at " +
          at(deepest.x, deepest.y) +
          ", " +
          num(-deepest.depth, 3) +
          " m deep. The landscape is revealed; Replay this pit to try again."
      );
    } else {
      var left = this.game.dipsLeft();
      this.say(left + (left === 1 ? " dip left." : " dips left."));
    }
    this.addRow(d);
    this.update();
  };

  Sandpit.prototype.addRow = function (d) {
    var note = { won: "deepest point", "local-minimum": "near a local minimum", "out-of-dips": "last dip" }[d.outcome.kind] || "";
    var tr = el("tr");
    [String(d.number), num(d.x, 2), num(d.y, 2), num(d.depth, 3), note].forEach(function (t) {
      tr.appendChild(el("td", {}, t));
    });
    this.tbody.appendChild(tr);
  };

  Sandpit.prototype.automatic = function (method, x, y) {
    var step = Number(this.stepInput.value);
    if (method === "steepest" && !(isFinite(step) && step > 0)) {
      this.say(
        "The step size \u03b7 must be a positive number, such as " +
          core.DEFAULT_STEP[this.landscape.kind] +
          " (this kind of pit's default)."
      );
      return;
    }
    var result =
      method === "steepest" ? core.steepestDescent(this.landscape, [x, y], step, 2000) : core.newton(this.landscape, [x, y], 100);
    this.arm(null, true);
    this.run = { method: method, start: [x, y], step: step, result: result, shown: 1, done: false };
    var name = method === "steepest" ? "Steepest descent (\u03b7 = " + step + ")" : "Newton's method";
    this.report.textContent = "Running\u2026";
    this.say(name + " is running from " + at(x, y) + ".");
    this.animate(name);
  };

  Sandpit.prototype.animate = function (name) {
    var self = this;
    var run = this.run;
    var total = run.result.path.length;
    var perFrame = Math.max(1, Math.ceil(total / 75));
    function frame() {
      if (self.run !== run) return; // a newer run or a new pit
      run.shown = Math.min(total, run.shown + perFrame);
      self.draw();
      if (run.shown < total && !document.hidden) requestAnimationFrame(frame);
      else self.finish(name);
    }
    requestAnimationFrame(frame);
  };

  // The report of a finished run says how it ended, once, under the
  // buttons; the status line above them only points there.
  Sandpit.prototype.finish = function (name) {
    var run = this.run;
    run.shown = run.result.path.length;
    run.done = true;
    var r = run.result;
    var steps = r.path.length - 1;
    var end = r.path[steps];
    var where = ", at " + at(end[0], end[1]) + ", where " + heightText(this.landscape.depthAt(end[0], end[1]), 3) + ".";
    var after = " after " + steps + (steps === 1 ? " step" : " steps");
    var text = name + " from " + at(run.start[0], run.start[1]) + ": ";
    var link = false;
    if (r.status === "converged") {
      var deepest = this.landscape.deepest();
      var far = Math.hypot(end[0] - deepest.x, end[1] - deepest.y);
      text +=
        (steps === 0
          ? "it took no step: it started at the bottom of a hollow, where " +
            heightText(this.landscape.depthAt(end[0], end[1]), 3) +
            "."
          : core.STATUS_TEXT.converged + after + where) +
        (far <= core.WIN_DISTANCE ? " That is the deepest point." : " That is a local minimum, not the deepest point.");
    } else if (r.status === "not-a-minimum" && run.method === "newton") {
      // Newton's method refuses a point where the Hessian is not positive
      // definite: the bowl it would fit there has no bottom to jump to.
      var hn = this.landscape.hessianAt(end[0], end[1]);
      var down = hn[0] < 0 || hn[2] < 0 || hn[0] * hn[2] - hn[1] * hn[1] < 0;
      text +=
        (steps === 0 ? "it took no step. At the start" : "it stopped" + after + where + " There") +
        (down
          ? " the ground curves down in at least one direction, so it is not shaped like a bowl, and the bowl "
          : " the ground is not curved at all in some direction, so the bowl ") +
        "Newton's method would fit there has no bottom to jump to. (";
      link = true;
    } else if (r.status === "not-a-minimum") {
      // Steepest descent stops where the gradient vanishes; this is what
      // it found there.
      var h = this.landscape.hessianAt(end[0], end[1]);
      text +=
        (steps === 0
          ? "it took no step: the ground at the start is level"
          : "it came to rest" + after + where + " The ground there is level") + levelPoint(h);
    } else if (r.status === "left-the-pit") {
      text +=
        steps === 0
          ? "it took no step: the first step would leave the pit."
          : "it stopped" + after + where + " The next step would leave the pit.";
    } else if (r.status === "max-steps") {
      text += core.STATUS_TEXT["max-steps"] + after + where;
      // Stopped by the limit, not by the gradient: say how close it came.
      var near = nearestMinimum(this.landscape, end[0], end[1]);
      if (near && near.distance <= core.WIN_DISTANCE) {
        text +=
          near.index === 0
            ? " It was nearly there: " + distanceText(near.distance) + " from the deepest point."
            : " It was nearly at the bottom of a hollow, " +
              distanceText(near.distance) +
              " away, but not the deepest one.";
      } else {
        var deep = this.landscape.deepest();
        text += " It ended " + distanceText(Math.hypot(end[0] - deep.x, end[1] - deep.y)) + " from the deepest point.";
      }
    } else {
      text += core.STATUS_TEXT[r.status] + ".";
    }
    this.report.textContent = text;
    if (link) {
      this.report.appendChild(hessianLink());
      this.report.appendChild(
        document.createTextNode(", next, calls this a Hessian that is not positive definite.)")
      );
    }
    this.report.appendChild(document.createTextNode(" Automatic runs do not use up your dips."));
    this.say(name + " has finished: the report is under the buttons.");
    this.listSteps();
    this.update();
  };

  Sandpit.prototype.listSteps = function () {
    var path = this.run.result.path;
    this.stepList.textContent = "";
    var limit = 200;
    for (var i = 0; i < path.length && i < limit; i++) {
      var p = path[i];
      this.stepList.appendChild(
        el("li", {}, at(p[0], p[1]) + ", d = " + num(this.landscape.depthAt(p[0], p[1]), 4) + " m")
      );
    }
    if (path.length > limit) {
      this.stepList.appendChild(el("li", { className: "sandpit-more" }, "\u2026 and " + (path.length - limit) + " more"));
    }
    this.steps.hidden = false;
  };

  Sandpit.prototype.update = function () {
    var g = this.game;
    this.info.textContent =
      this.landscape.name().replace(/^./, function (c) {
        return c.toUpperCase();
      }) +
      " \u00b7 " +
      (this.mode === "gradient" ? "gradient mode" : "depth-only mode") +
      " \u00b7 " +
      g.dips.length +
      " of " +
      g.maxDips +
      " dips used" +
      // Only while the keyboard's cross-hair is drawn: a reader with a
      // mouse or a finger never sees one.
      (this.showCursor
        ? " \u00b7 cross-hair at x = " + num(this.cursor.x, 2) + " m, y = " + num(this.cursor.y, 2) + " m"
        : "");
    this.modeButton.setAttribute("aria-pressed", String(this.mode === "depth-only"));
    this.revealButton.setAttribute("aria-pressed", String(this.revealed));
    this.revealButton.textContent = this.revealed ? "Hide the landscape" : "Reveal";
    if (g.dips.length === 0) this.tbody.textContent = "";
    this.table.hidden = g.dips.length === 0;
    this.legend.hidden = !this.revealed;
    this.draw();
  };

  // The landscape as an image: viridis colours (dark = deep), contour lines.
  Sandpit.prototype.landscapeImage = function () {
    if (this.image) return this.image;
    var n = Math.max(Math.min(Math.round(this.side * Math.min(this.dpr, 1.5)), 600), 60);
    var l = this.landscape;
    var values = new Float64Array(n * n);
    var lo = Infinity;
    var hi = -Infinity;
    var i, j, k;
    for (j = 0; j < n; j++) {
      for (i = 0; i < n; i++) {
        var v = l.depthAt(((i + 0.5) / n) * SIZE, (1 - (j + 0.5) / n) * SIZE);
        values[j * n + i] = v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    var step = niceStep(hi - lo);
    var off = document.createElement("canvas");
    off.width = n;
    off.height = n;
    var ctx = off.getContext("2d");
    var img = ctx.createImageData(n, n);
    for (j = 0; j < n; j++) {
      for (i = 0; i < n; i++) {
        k = j * n + i;
        var t = (values[k] - lo) / (hi - lo || 1);
        var c = viridis(t);
        var band = Math.floor(values[k] / step);
        var edge =
          (i + 1 < n && Math.floor(values[k + 1] / step) !== band) ||
          (j + 1 < n && Math.floor(values[k + n] / step) !== band);
        if (edge) {
          // Contours: dark on the light colours, light on the dark ones.
          var to = t > 0.45 ? 0 : 255;
          for (var m = 0; m < 3; m++) c[m] = Math.round(c[m] * 0.55 + to * 0.45);
        }
        img.data[4 * k] = c[0];
        img.data[4 * k + 1] = c[1];
        img.data[4 * k + 2] = c[2];
        img.data[4 * k + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    this.image = off;
    this.legend.textContent =
      "Colours: dark purple is deep, yellow is high (heights d from " +
      num(lo, 2) +
      " m to " +
      num(hi, 2) +
      " m); contour lines every " +
      step +
      " m. The ringed star is the deepest point, plain rings the other local minima.";
    return off;
  };

  Sandpit.prototype.draw = function () {
    if (!this.side || !this.landscape) return;
    var ctx = this.canvas.getContext("2d");
    var p = palette(this.root);
    var S = this.side;
    var self = this;
    var drawn = {
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

    // The pit: sand, or the revealed landscape.
    if (this.revealed) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.landscapeImage(), PAD.left, PAD.top, S, S);
      drawn.revealed = true;
    } else {
      ctx.fillStyle = p.sand;
      ctx.fillRect(PAD.left, PAD.top, S, S);
    }
    // A metre grid, the border, and the axes.
    ctx.strokeStyle = this.revealed ? "rgba(255, 255, 255, 0.18)" : p.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (var m = 1; m < SIZE; m++) {
      var gx = Math.round(PAD.left + (m / SIZE) * S) + 0.5;
      var gy = Math.round(PAD.top + (m / SIZE) * S) + 0.5;
      ctx.moveTo(gx, PAD.top);
      ctx.lineTo(gx, PAD.top + S);
      ctx.moveTo(PAD.left, gy);
      ctx.lineTo(PAD.left + S, gy);
    }
    ctx.stroke();
    ctx.strokeStyle = p.border;
    ctx.lineWidth = 2;
    ctx.strokeRect(PAD.left, PAD.top, S, S);
    ctx.fillStyle = p.text;
    ctx.font = "12px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (m = 0; m <= SIZE; m++) {
      ctx.fillText(String(m), PAD.left + (m / SIZE) * S, PAD.top + S + 4);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (m = 0; m <= SIZE; m++) {
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

    // The minima, once revealed.
    if (this.revealed) {
      this.landscape.minima.forEach(function (mm, i) {
        var c = self.toCanvas(mm.x, mm.y);
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

    // The automatic run's path.
    if (this.run) {
      var path = this.run.result.path.slice(0, this.run.shown);
      ctx.lineJoin = "round";
      [
        [p.halo, 5],
        [p.path, 2.5],
      ].forEach(function (style) {
        ctx.strokeStyle = style[0];
        ctx.lineWidth = style[1];
        ctx.beginPath();
        path.forEach(function (q, i) {
          var c = self.toCanvas(q[0], q[1]);
          if (i === 0) ctx.moveTo(c[0], c[1]);
          else ctx.lineTo(c[0], c[1]);
        });
        ctx.stroke();
      });
      ctx.fillStyle = p.path;
      ctx.strokeStyle = p.halo;
      ctx.lineWidth = 1.5;
      var every = Math.max(1, Math.floor(path.length / 60));
      path.forEach(function (q, i) {
        if (i % every !== 0 && i !== path.length - 1) return;
        var c = self.toCanvas(q[0], q[1]);
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
    if (this.showCursor) {
      var c = this.toCanvas(this.cursor.x, this.cursor.y);
      var r = (core.WIN_DISTANCE / SIZE) * S;
      [
        [p.halo, 4],
        [p.cursor, 2],
      ].forEach(function (style) {
        ctx.strokeStyle = style[0];
        ctx.lineWidth = style[1];
        ctx.beginPath();
        ctx.arc(c[0], c[1], r, 0, 2 * Math.PI);
        ctx.moveTo(c[0] - r - 5, c[1]);
        ctx.lineTo(c[0] - CURSOR_GAP, c[1]);
        ctx.moveTo(c[0] + CURSOR_GAP, c[1]);
        ctx.lineTo(c[0] + r + 5, c[1]);
        ctx.moveTo(c[0], c[1] - r - 5);
        ctx.lineTo(c[0], c[1] - CURSOR_GAP);
        ctx.moveTo(c[0], c[1] + CURSOR_GAP);
        ctx.lineTo(c[0], c[1] + r + 5);
        ctx.stroke();
      });
      drawn.cursor = true;
    }

    // The dips: a marker and a number each, and in gradient mode the
    // downhill arrow.
    var dips = this.game.dips;
    dips.forEach(function (d, i) {
      var c = self.toCanvas(d.x, d.y);
      var last = i === dips.length - 1;
      if (d.gradient) {
        var gx = d.gradient[0];
        var gy = d.gradient[1];
        var n = Math.hypot(gx, gy);
        if (n > 0) {
          var len = 14 + 46 * (1 - Math.exp(-3 * n));
          // Downhill is minus the gradient; the canvas's y runs down.
          var ux = -gx / n;
          var uy = gy / n;
          var width = last ? 3 : 2.2;
          // One head for both strokes: a halo with a head of its own (sized
          // by its wider line) poked out beyond the arrow's as a dark barb.
          var head = 4 + 2 * width;
          var tip = [c[0] + ux * len, c[1] + uy * len];
          arrow(ctx, c[0], c[1], tip[0], tip[1], p.halo, width + 3, head);
          arrow(ctx, c[0], c[1], tip[0], tip[1], p.arrow, width, head);
          drawn.arrowShapes.push({ from: [c[0], c[1]], to: tip, head: head, width: width, halo: width + 3 });
          drawn.arrows += 1;
        }
      }
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
      ctx.strokeText(String(d.number), c[0] + 6, c[1] - 4);
      ctx.fillStyle = p.marker;
      ctx.fillText(String(d.number), c[0] + 6, c[1] - 4);
      drawn.dips += 1;
    });

    this.drawn = drawn;
    this.root.dataset.dips = String(drawn.dips);
  };

  function arrow(ctx, x0, y0, x1, y1, colour, width, head) {
    var a = Math.atan2(y1 - y0, x1 - x0);
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

  function star(ctx, x, y, outer, inner) {
    ctx.beginPath();
    for (var i = 0; i < 10; i++) {
      var r = i % 2 === 0 ? outer : inner;
      var a = -Math.PI / 2 + (i * Math.PI) / 5;
      if (i === 0) ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  function setUp(root) {
    if (root.sandpit) return;
    var s = new Sandpit(root);
    root.sandpit = {
      core: core,
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
      clientPoint: function (x, y) {
        return s.clientPoint(x, y);
      },
      newPit: function (kind, seed) {
        s.newPit(kind, seed === undefined ? randomSeed() : seed);
      },
      // An automatic run from exactly (x, y), as a click there would start.
      play: function (method, x, y) {
        s.automatic(method, x, y);
      },
    };
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
