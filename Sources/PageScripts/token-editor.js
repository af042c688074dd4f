// The token editor of chapter 3: a test digit as the VQ-VAE's 7 × 7 grid of tokens. Pick a cell,
// pick any codebook entry, and the VQ-VAE's decoder redraws the image from the edited tokens, here,
// in your browser.
//
// The decoder is the chapter's own (vq-decoder.js), with the weights the run wrote from its
// checkpoint (hashed in run.json).
"use strict";

(function (exports, page, vq) {
  const decoderOf = vq.decoderOf;
  exports.decoderOf = decoderOf;

  // ---- The figure on the page ----------------------------------------------------------------

  const imageSize = 224, patchSize = 36;

  function mount(figure, data) {
    const element = page.element, decode = decoderOf(data.arrays), entries = data.arrays["quantizer.codebook"].shape[0];
    const digits = page.arrayOf(data.arrays.tokens), labels = page.arrayOf(data.arrays.labels), blank = page.arrayOf(data.arrays.blank)[0];
    const cells = data.arrays.tokens.shape[1], grid = Math.round(Math.sqrt(cells));
    const dark = page.prefersDark(), [paper, pencil] = data.digitColors[dark ? "dark" : "light"].map(page.rgb);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";

    const choose = element("div", { class: "token-digits", role: "group", "aria-label": "Test digit" });
    const image = element("canvas", { class: "decoded", tabindex: "0", role: "grid",
      "aria-label": "The decoded image with its 7 by 7 tokens: arrow keys pick a cell" });
    const palette = element("div", { class: "token-palette", role: "group", "aria-label": "Codebook entries: choose one for the selected cell" });
    const reset = element("button", { type: "button" });
    reset.textContent = "reset";
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image, palette);
    app.append(choose, pictures, reset, readout);
    image.width = image.height = imageSize;

    let digit = 0, original = [], tokens = [], selected = Math.floor(cells / 2);
    const buttons = [];
    for (let d = 0; d < labels.length; d++) {
      const button = element("button", { type: "button", "aria-pressed": "false" });
      button.textContent = data.strings.classNames[labels[d]];
      button.addEventListener("click", () => pick(d));
      choose.append(button);
      buttons.push(button);
    }
    // Each entry as what it draws on blank paper: decoded alone in a grid of the blank token, the
    // 8 × 8 pixels around its cell.
    for (let entry = 0; entry < entries; entry++) {
      const probe = new Array(cells).fill(blank);
      probe[Math.floor(cells / 2)] = entry;
      const pixels = decode(probe), sideOfImage = Math.round(Math.sqrt(pixels.length)), middle = sideOfImage / 2;
      const crop = [];
      for (let y = middle - 4; y < middle + 4; y++) for (let x = middle - 4; x < middle + 4; x++) crop.push(pixels[y * sideOfImage + x]);
      const button = element("button", { type: "button", class: "token", "aria-label": `token ${entry}`, title: `token ${entry}` });
      const canvas = element("canvas", {});
      canvas.width = canvas.height = patchSize;
      draw(canvas, crop, 8);
      button.append(canvas);
      button.addEventListener("click", () => { tokens[selected] = entry; show(); });
      palette.append(button);
    }

    function pick(d) {
      digit = d;
      original = Array.from(digits.subarray(d * cells, (d + 1) * cells));
      tokens = original.slice();
      buttons.forEach((button, index) => button.setAttribute("aria-pressed", String(index === d)));
      show();
    }

    function show() {
      const pixels = decode(tokens), side = Math.round(Math.sqrt(pixels.length));
      draw(image, pixels, side);
      const context = image.getContext("2d"), cell = imageSize / grid;
      context.strokeStyle = dark ? "rgba(255,255,255,0.25)" : "rgba(0,0,0,0.18)";
      context.lineWidth = 1;
      for (let i = 1; i < grid; i++) {
        context.beginPath();
        context.moveTo(i * cell, 0); context.lineTo(i * cell, imageSize);
        context.moveTo(0, i * cell); context.lineTo(imageSize, i * cell);
        context.stroke();
      }
      context.strokeStyle = dark ? "#f0883e" : "#b34700";
      context.lineWidth = 3;
      context.strokeRect((selected % grid) * cell + 1.5, Math.floor(selected / grid) * cell + 1.5, cell - 3, cell - 3);
      const changed = tokens.filter((token, index) => token !== original[index]).length;
      readout.textContent = `row ${Math.floor(selected / grid) + 1}, column ${selected % grid + 1}: token ${tokens[selected]}`
        + (tokens[selected] !== original[selected] ? ` (was ${original[selected]})` : "") + ` · ${changed} of ${cells} tokens changed`;
      palette.querySelectorAll("button").forEach((button, entry) => button.setAttribute("aria-pressed", String(entry === tokens[selected])));
      figure.dataset.tokens = tokens.join(",");
    }

    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      const column = Math.min(grid - 1, Math.floor((event.clientX - box.left) / box.width * grid));
      const row = Math.min(grid - 1, Math.floor((event.clientY - box.top) / box.height * grid));
      selected = row * grid + column;
      show();
    });
    image.addEventListener("keydown", (event) => {
      const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      if (!moves[event.key]) return;
      const row = Math.max(0, Math.min(grid - 1, Math.floor(selected / grid) + moves[event.key][0]));
      const column = Math.max(0, Math.min(grid - 1, selected % grid + moves[event.key][1]));
      selected = row * grid + column;
      event.preventDefault();
      show();
    });
    reset.addEventListener("click", () => { tokens = original.slice(); show(); });

    function draw(canvas, pixels, side) { page.drawImage(canvas, pixels, side, paper, pencil); }

    figure.classList.add("live-ready");
    pick(0);
  }

  exports.mount = mount;

  page.mountFigures("token-editor.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentTokenEditor = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder);
