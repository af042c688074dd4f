// The token editor of chapter 3: a test digit as the VQ-VAE's 7 × 7 grid of tokens. Pick a cell,
// pick any codebook entry, and the VQ-VAE's decoder redraws the image from the edited tokens, here,
// in your browser.
//
// The decoder is the chapter's own (vq-decoder.js), with the weights the run wrote from its
// checkpoint (hashed in run.json).
"use strict";

(function (exports, page, vq, drawing) {
  // A codebook entry's button shows the entry alone: this many pixels around its cell (the
  // stylesheet sets how wide they are drawn).
  const cropSide = 8;

  function mount(figure, data) {
    const element = page.element, decode = vq.decoderOf(data.arrays), entries = data.arrays["quantizer.codebook"].shape[0];
    const digits = page.arrayOf(data.arrays.tokens), labels = page.arrayOf(data.arrays.labels), blank = page.arrayOf(data.arrays.blank)[0];
    const cells = data.arrays.tokens.shape[1], grid = Math.round(Math.sqrt(cells));
    const [paper, pencil] = drawing.digitColors(data);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";

    const choose = element("div", { class: "token-digits", role: "group", "aria-label": "Test digit" });
    const image = element("canvas", { class: "decoded", tabindex: "0", role: "grid",
      "aria-label": `The decoded image with its ${grid} by ${grid} tokens: arrow keys pick a cell` });
    const palette = element("div", { class: "token-palette", role: "group", "aria-label": "Codebook entries: choose one for the selected cell" });
    const reset = element("button", { type: "button" });
    reset.textContent = "reset";
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image, palette);
    app.append(choose, pictures, reset, readout);
    drawing.sizeImageCanvas(image);

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
    // cropSide × cropSide pixels around its cell.
    for (let entry = 0; entry < entries; entry++) {
      const probe = new Array(cells).fill(blank);
      probe[Math.floor(cells / 2)] = entry;
      const pixels = decode(probe), sideOfImage = Math.round(Math.sqrt(pixels.length)), middle = sideOfImage / 2;
      const crop = [];
      const half = cropSide / 2;
      for (let y = middle - half; y < middle + half; y++) for (let x = middle - half; x < middle + half; x++) crop.push(pixels[y * sideOfImage + x]);
      const button = element("button", { type: "button", class: "token", "aria-label": `token ${entry}`, title: `token ${entry}` });
      const canvas = element("canvas", {});
      canvas.width = canvas.height = cropSide;
      draw(canvas, crop, cropSide);
      button.append(canvas);
      button.addEventListener("click", () => { tokens[selected] = entry; showTokens(); });
      palette.append(button);
    }

    function pick(d) {
      digit = d;
      original = Array.from(digits.subarray(d * cells, (d + 1) * cells));
      tokens = original.slice();
      buttons.forEach((button, index) => button.setAttribute("aria-pressed", String(index === d)));
      showTokens();
    }

    function showTokens() {
      const pixels = decode(tokens), side = Math.round(Math.sqrt(pixels.length));
      draw(image, pixels, side);
      drawing.drawGrid(image, grid);
      drawing.markCell(image, selected, grid);
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
      showTokens();
    });
    image.addEventListener("keydown", (event) => {
      const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      if (!moves[event.key]) return;
      const row = Math.max(0, Math.min(grid - 1, Math.floor(selected / grid) + moves[event.key][0]));
      const column = Math.max(0, Math.min(grid - 1, selected % grid + moves[event.key][1]));
      selected = row * grid + column;
      event.preventDefault();
      showTokens();
    });
    reset.addEventListener("click", () => { tokens = original.slice(); showTokens(); });

    function draw(canvas, pixels, side) { drawing.drawImage(canvas, pixels, side, paper, pencil); }

    figure.classList.add("live-ready");
    pick(0);
  }

  exports.mount = mount;

  page.mountFigures("token-editor.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentTokenEditor = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
