// Loads each widget's files only on the pages that show it.
//
// Every page loads this small file (it is listed in book.toml); a widget's
// own scripts and styles are fetched only when the page has the element the
// widget draws into. Paths are relative to the book's root, so the widgets
// also work on the print page and when the book is served under a subpath.
(() => {
  "use strict";
  // Element selector -> files in book/widgets/, scripts in the order they run.
  const WIDGETS = {
    "div.sandpit": {
      css: ["sandpit.css"],
      js: ["sandpit-core.js", "sandpit.js"],
    },
  };

  function load() {
    const root = typeof path_to_root === "string" ? path_to_root : "";
    for (const [selector, files] of Object.entries(WIDGETS)) {
      if (!document.querySelector(selector)) continue;
      for (const name of files.css) {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = `${root}widgets/${name}`;
        document.head.appendChild(link);
      }
      for (const name of files.js) {
        const script = document.createElement("script");
        script.src = `${root}widgets/${name}`;
        script.async = false; // keep the order: the core before the drawing
        document.head.appendChild(script);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
