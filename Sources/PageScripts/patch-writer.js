// The patch writer of chapter 4: pick a class and a seed, press generate, and the chapter's
// transformer prior writes an image's 49 tokens one at a time, here, in your browser; the VQ-VAE's
// decoder (vq-decoder.js) draws the image so far after each token.
//
// The prior is the chapter's own transformer (transformer.js, with its KV cache), with the weights
// its run wrote from its checkpoint (hashed in run.json); it scores the image codes as the next
// token. A test runs this file under Node against the Swift model's logits.
"use strict";

(function (exports, page, vq, transformer, sampling, drawing) {
  // The prior of `data` (its transformer, and how many image codes it writes).
  function priorOf(data) {
    const model = transformer.transformerOf(data.arrays, page.arrayOf(data.arrays.heads)[0]);
    return { model, imageCodes: model.vocabulary };
  }

  // A writer of one image of class `label`: the sequence starts with the class token (the class
  // tokens follow the image codes in the embedding table), and each next() writes one image token.
  function writerFor(prior, label, seed) {
    return sampling.writerOf(prior.model, [prior.imageCodes + label], { allowed: sampling.range(prior.imageCodes), seed });
  }

  // The tokens of a whole image of class `label` from `seed`.
  function write(prior, label, seed) {
    const writer = writerFor(prior, label, seed);
    while (writer.more) writer.next();
    return writer.tokens;
  }

  exports.priorOf = priorOf;
  exports.write = write;

  // ---- The figure on the page ----------------------------------------------------------------

  function mount(figure, data) {
    const element = page.element, blank = page.arrayOf(data.arrays.blank)[0];
    const prior = priorOf(data), decode = vq.decoderOf(data.arrays), names = data.strings.classNames;
    const total = prior.model.positions, grid = Math.round(Math.sqrt(total));
    const [paper, pencil] = drawing.digitColors(data);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";
    const classes = element("div", { class: "token-digits", role: "group", "aria-label": "Class" });
    const controls = element("div", { class: "film-controls" });
    const seedLabel = element("label", {});
    const seedInput = element("input", { type: "number", min: "0", step: "1", value: "1", style: "width: 6em" });
    seedLabel.append("seed ", seedInput);
    const go = element("button", { type: "button" });
    go.textContent = "generate";
    controls.append(seedLabel, go);
    const image = element("canvas", { class: "decoded", role: "img", "aria-label": "The image written so far" });
    drawing.sizeImageCanvas(image);
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image);
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    app.append(classes, controls, pictures, readout);

    let label = 0, running = null;
    const buttons = names.map((name, index) => {
      const button = element("button", { type: "button", "aria-pressed": String(index === 0) });
      button.textContent = name;
      button.addEventListener("click", () => {
        label = index;
        buttons.forEach((other, i) => other.setAttribute("aria-pressed", String(i === index)));
      });
      classes.append(button);
      return button;
    });

    function showImage(tokens) {
      const pixels = decode(tokens.concat(new Array(total - tokens.length).fill(blank)));
      drawing.drawImage(image, pixels, Math.round(Math.sqrt(pixels.length)), paper, pencil);
      if (tokens.length > 0 && tokens.length < total) drawing.markCell(image, tokens.length - 1, grid);  // the newest patch, as in the chapter's strip
    }

    // One token per tick, so the image grows patch by patch as it is written.
    go.addEventListener("click", () => {
      if (running) clearTimeout(running);
      const seed = Math.max(0, Math.floor(Number(seedInput.value) || 0));
      const writer = writerFor(prior, label, seed), name = names[label];
      figure.dataset.done = "false";
      (function writeNextToken() {
        writer.next();
        const tokens = writer.tokens;
        showImage(tokens);
        if (tokens.length < total) {
          readout.textContent = `${name}, seed ${seed}: token ${tokens.length} of ${total}`;
          running = setTimeout(writeNextToken, 30);
          return;
        }
        running = null;
        figure.dataset.tokens = tokens.join(",");
        figure.dataset.done = "true";
        readout.textContent = `${name}, seed ${seed}: all ${total} tokens written`;
      })();
    });
    figure.classList.add("live-ready");
    showImage([]);
    readout.textContent = "Choose a class and a seed, then generate.";
  }

  exports.mount = mount;

  page.mountFigures("patch-writer.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentPatchWriter = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder,
   typeof module !== "undefined" ? require("./transformer.js") : window.LatentTransformer,
   typeof module !== "undefined" ? require("./sampling.js") : window.LatentSampling,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
