// The token editor of chapter 3: a test digit as the VQ-VAE's 7 × 7 grid of tokens. Pick a cell,
// pick any codebook entry, and the VQ-VAE's decoder redraws the image from the edited tokens, here,
// in your browser.
//
// The decoder is the chapter's own (vq-decoder.js), with the weights the run wrote from its
// checkpoint (hashed in run.json).
//
// uses: layers.js vq-decoder.js drawing.js
"use strict";

(function (exports, page, vq, drawing) {
  // A codebook entry's button shows the entry alone: this many pixels around its cell (the
  // stylesheet sets how wide they are drawn).
  const cropSide = 8;

  // The palette's columns: 64 entries make 8 full rows, a shape no one takes for a 7 × 7 grid.
  const paletteColumns = 8;

  function mount(figure, data) {
    const element = page.element, decode = vq.decoderOf(data.arrays), entries = data.arrays["quantizer.codebook"].shape[0];
    const digits = page.arrayOf(data.arrays.tokens), labels = page.arrayOf(data.arrays.labels), blank = page.arrayOf(data.arrays.blank)[0];
    const cells = data.arrays.tokens.shape[1], grid = Math.round(Math.sqrt(cells));
    const [paper, pencil] = drawing.digitColors(data);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";

    const choose = element("div", { class: "token-digits", role: "group", "aria-label": "Test digit" });
    const image = element("canvas", { class: "decoded", tabindex: "0", role: "application",
      "aria-label": `The decoded image with its ${grid} by ${grid} tokens: arrow keys pick a cell, Enter or Space goes to the entries` });
    const palette = element("div", { class: "token-palette", role: "group",
      "aria-label": "Codebook entries: arrow keys put another entry in the selected cell, Enter goes back to the image" });
    const reset = element("button", { type: "button" });
    reset.textContent = "reset";
    const numbersLabel = element("label", { class: "token-numbers" });
    const numbers = element("input", { type: "checkbox" });
    numbersLabel.append(numbers, " show token numbers");
    const controls = element("div", { class: "film-controls" });
    controls.append(reset, numbersLabel);
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image, palette);
    app.append(choose, pictures, controls, readout);
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
    // Each entry as what it draws on blank paper, with its number under it.
    const entryButtons = [];
    for (let entry = 0; entry < entries; entry++) {
      const button = element("button", { type: "button", class: "token", "aria-label": `token ${entry}`, tabindex: "-1" });
      const canvas = element("canvas", { "aria-hidden": "true" });
      canvas.width = canvas.height = cropSide;
      draw(canvas, vq.entryPicture(decode, entry, blank, cells, cropSide), cropSide);
      const number = element("span", { "aria-hidden": "true" });
      number.textContent = String(entry);
      button.append(canvas, number);
      // A click from the keyboard (Enter or Space: no pointer, detail 0) also hands the focus back to
      // the image, so the next arrow keys move to another cell.
      button.addEventListener("click", (event) => {
        place(entry);
        if (event.detail === 0) image.focus();
      });
      button.addEventListener("keydown", (event) => {
        const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -paletteColumns, ArrowDown: paletteColumns };
        if (event.key === "Escape") { image.focus(); event.preventDefault(); return; }
        if (steps[event.key] === undefined) return;
        const next = entry + steps[event.key];
        event.preventDefault();
        if (next < 0 || next >= entries) return;
        place(next);
        entryButtons[next].focus();
      });
      palette.append(button);
      entryButtons.push(button);
    }

    // Puts `entry` into the selected cell.
    function place(entry) {
      const was = tokens[selected];
      tokens[selected] = entry;
      showTokens(entry === was ? "" : `now token ${entry} (was ${was})`);
    }

    function pick(d) {
      digit = d;
      original = Array.from(digits.subarray(d * cells, (d + 1) * cells));
      tokens = original.slice();
      buttons.forEach((button, index) => button.setAttribute("aria-pressed", String(index === d)));
      showTokens(`the test ${data.strings.classNames[labels[d]]}'s own ${cells} tokens`);
    }

    // Redraws the image from the tokens and says what changed (`change`, or the selected cell's token).
    function showTokens(change) {
      const pixels = decode(tokens), side = Math.round(Math.sqrt(pixels.length));
      draw(image, pixels, side);
      drawing.drawGrid(image, grid);
      if (numbers.checked) writeNumbers();
      drawing.markCell(image, selected, grid);
      const changed = tokens.filter((token, index) => token !== original[index]).length;
      const cell = `Row ${Math.floor(selected / grid) + 1}, column ${selected % grid + 1}`;
      const now = change || `token ${tokens[selected]}` + (tokens[selected] !== original[selected] ? ` (was ${original[selected]})` : "");
      readout.textContent = `${cell}: ${now}; ${changed} of ${cells} tokens changed.`;
      entryButtons.forEach((button, entry) => {
        button.setAttribute("aria-pressed", String(entry === tokens[selected]));
        button.tabIndex = entry === tokens[selected] ? 0 : -1;  // one tab stop for the palette: the cell's entry
      });
      figure.dataset.tokens = tokens.join(",");
    }

    // Each cell's token written on it, over a chip of paper so the number stays legible on ink.
    function writeNumbers() {
      const context = image.getContext("2d"), cell = image.width / grid;
      context.save();
      context.font = `bold ${Math.round(cell * 0.42)}px ${getComputedStyle(figure).fontFamily}`;
      context.textAlign = "center";
      context.textBaseline = "middle";
      tokens.forEach((token, index) => {
        const x = (index % grid + 0.5) * cell, y = (Math.floor(index / grid) + 0.5) * cell, width = context.measureText(String(token)).width + 4;
        context.fillStyle = `rgba(${paper.join(",")}, 0.8)`;
        context.fillRect(x - width / 2, y - cell * 0.27, width, cell * 0.54);
        context.fillStyle = drawing.cssValue("--accent");
        context.fillText(String(token), x, y);
      });
      context.restore();
    }

    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      const column = Math.min(grid - 1, Math.floor((event.clientX - box.left) / box.width * grid));
      const row = Math.min(grid - 1, Math.floor((event.clientY - box.top) / box.height * grid));
      selected = row * grid + column;
      showTokens();
    });
    image.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        entryButtons[tokens[selected]].focus();
        return;
      }
      const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
      if (!moves[event.key]) return;
      const row = Math.max(0, Math.min(grid - 1, Math.floor(selected / grid) + moves[event.key][0]));
      const column = Math.max(0, Math.min(grid - 1, selected % grid + moves[event.key][1]));
      selected = row * grid + column;
      event.preventDefault();
      showTokens();
    });
    reset.addEventListener("click", () => { tokens = original.slice(); showTokens("every token back as the digit had it"); });
    numbers.addEventListener("change", () => showTokens(numbers.checked ? "token numbers shown" : "token numbers hidden"));

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
