// What every live figure's script needs: the arrays a chapter run wrote, which travel as base64 of
// their bytes (float32, little-endian, or uint8), new elements, the reader's colour scheme, and
// mounting each figure once its data is there. Loaded before the figures' scripts; under Node (the
// tests) it is a module.
//
// A figure's data (`<name>-data.js`, up to 1.8 MB of weights) is not loaded with the page: the
// figure names it (`data-source`), and it is loaded, as a classic script so that pages still work
// from file://, when the figure comes within a screen or so of the viewport. A page's first load is
// then its text, styles, images and these small scripts.
"use strict";

(function (exports) {
  function bytesOfBase64(text) {
    if (typeof atob === "function") return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return new Uint8Array(Buffer.from(text, "base64"));
  }

  // An array of the data as a Uint8Array or a Float32Array over the same bytes.
  exports.arrayOf = function arrayOf(entry) {
    if (entry.uint8 !== undefined && entry.uint8 !== null) return bytesOfBase64(entry.uint8);
    const bytes = bytesOfBase64(entry.float32);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  };

  // "#rrggbb" as [red, green, blue], 0…255.
  exports.rgb = function rgb(hex) {
    return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
  };

  // A new element with attributes.
  exports.element = function element(name, attributes) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    return node;
  };

  // How far below the viewport a figure starts loading its data: far enough that a reader who
  // scrolls at reading speed finds it drawn.
  const loadAhead = "1200px 0px";

  // Calls `then()` once `figure` is within `loadAhead` of the viewport (at once where the browser
  // cannot tell).
  function whenNear(figure, then) {
    if (typeof IntersectionObserver === "undefined") return then();
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      then();
    }, { rootMargin: loadAhead });
    observer.observe(figure);
  }

  // The data the run wrote for `figure` (LatentPageData[figure name]), loading the figure's
  // data-source script first when it is not there yet. A missing file is said in the figure.
  function withData(figure, then) {
    const name = figure.dataset.live, loaded = () => window.LatentPageData && window.LatentPageData[name];
    if (loaded()) return then(loaded());
    const file = figure.dataset.source;
    const fail = (why) => {
      const note = figure.querySelector(".live-needs-script");
      if (note) note.textContent = `This figure could not start: ${why}. The figures around it show the same model.`;
    };
    if (!file) return fail(`the page names no data for “${name}”`);
    const script = document.createElement("script");
    script.src = file;
    script.addEventListener("load", () => (loaded() ? then(loaded()) : fail(`${file} holds no data for “${name}”`)));
    script.addEventListener("error", () => fail(`${file} did not load`));
    document.head.append(script);
  }

  // Mounts `mount(figure, data)` on every live figure of the page that runs `script`, once the
  // figure nears the viewport and its data has loaded. Does nothing outside a browser.
  exports.mountFigures = function mountFigures(script, mount) {
    if (typeof document === "undefined") return;
    for (const figure of document.querySelectorAll(`figure.live[data-script="${script}"]`)) {
      // Scripts run, so the note for readers without them no longer applies until the data is in.
      const note = figure.querySelector(".live-needs-script");
      if (note) note.textContent = "This interactive figure loads as you scroll to it.";
      whenNear(figure, () => withData(figure, (data) => mount(figure, data)));
    }
  };

  // Whether the reader's system asks for dark colours (the figures follow it, as the page does).
  exports.prefersDark = function prefersDark() {
    return typeof window !== "undefined" && !!window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  };
})(typeof module !== "undefined" ? module.exports : (window.LatentPage = {}));
