// The patch writer of chapter 4: pick a class and a seed, press generate, and the chapter's
// transformer prior writes an image's 49 tokens one at a time, here, in your browser; the VQ-VAE's
// decoder (vq-decoder.js) draws the image so far after each token.
//
// The prior is the chapter's own transformer (transformer.js, with its KV cache), with the weights
// its run wrote from its checkpoint (hashed in run.json); it scores the image codes as the next
// token. A test runs this file under Node against the Swift model's logits.
//
// uses: layers.js vq-decoder.js transformer.js sampling.js drawing.js
"use strict";

(function (exports, page, vq, transformer, sampling, drawing) {
  // The prior of `data` (its transformer, and how many image codes it writes).
  function priorOf(data) {
    const model = transformer.transformerOf(data.arrays, page.arrayOf(data.arrays.heads)[0]);
    return { model, imageCodes: model.vocabulary };
  }

  // A writer of one image of class `label` from `seed`: the sequence starts with the class token
  // (the class tokens follow the image codes in the embedding table). It keeps the model's
  // prediction of the next token, so the page can show it before each draw: `predictions(k)` is
  // the k most likely image codes with their probabilities, and `next()` draws one token from that
  // distribution (sampling.sample, one uniform number per token, as sampling.writerOf draws) and
  // feeds it back through the KV cache. The last token is never fed back: nothing follows it.
  function writerFor(prior, label, seed) {
    const uniform = sampling.generatorOf(seed), allowed = sampling.range(prior.imageCodes);
    const session = prior.model.start(), total = prior.model.positions, written = [];
    let logits = session.push([prior.imageCodes + label]);
    return {
      get more() { return written.length < total; },
      predictions(k) { return topChoices(logits, allowed, k); },
      next() {
        const token = sampling.sample(logits, allowed, uniform);
        written.push(token);
        if (written.length < total) logits = session.push([token]);
        return token;
      },
      get tokens() { return written.slice(); },
    };
  }

  // The `k` most likely tokens of `allowed` under softmax(logits) over `allowed`, most likely first
  // (the lower token first among equals): [{ token, probability }].
  function topChoices(logits, allowed, k) {
    let largest = -Infinity;
    for (const token of allowed) largest = Math.max(largest, logits[token]);
    const weights = allowed.map((token) => Math.exp(logits[token] - largest));
    const total = weights.reduce((a, b) => a + b, 0);
    const choices = allowed.map((token, n) => ({ token, probability: weights[n] / total }));
    choices.sort((a, b) => b.probability - a.probability || a.token - b.token);
    return choices.slice(0, k);
  }

  // The tokens of a whole image of class `label` from `seed`.
  function write(prior, label, seed) {
    const writer = writerFor(prior, label, seed);
    while (writer.more) writer.next();
    return writer.tokens;
  }

  // A writer of class `label` and `seed` that has written `count` tokens: the same tokens as before,
  // since the seed decides every draw (how a step back is taken).
  function writerAfter(prior, label, seed, count) {
    const writer = writerFor(prior, label, seed);
    while (writer.tokens.length < count) writer.next();
    return writer;
  }

  exports.priorOf = priorOf;
  exports.writerFor = writerFor;
  exports.topChoices = topChoices;
  exports.write = write;

  // ---- The figure on the page ----------------------------------------------------------------

  // How many of the next token's most likely entries the figure lists.
  const shownChoices = 5;

  function mount(figure, data) {
    const element = page.element, blank = page.arrayOf(data.arrays.blank)[0];
    const prior = priorOf(data), decode = vq.decoderOf(data.arrays), names = data.strings.classNames;
    const total = prior.model.positions, grid = Math.round(Math.sqrt(total));
    const [paper, pencil] = drawing.digitColors(data);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";
    const classes = element("div", { class: "token-digits", role: "group", "aria-label": "Class: arrow keys choose another" });
    const controls = element("div", { class: "film-controls" });
    const seedLabel = element("label", {});
    const seedInput = element("input", { type: "number", min: "0", step: "1", value: "1", style: "width: 6em" });
    seedLabel.append("seed ", seedInput);
    const step = element("button", { type: "button" });
    step.textContent = "write one token";
    const go = element("button", { type: "button" });
    go.textContent = "generate";
    controls.append(seedLabel, step, go);
    const image = element("canvas", { class: "decoded", tabindex: "0", role: "application",
      "aria-label": "The image written so far: → writes one more token, ← takes the last one back, Enter or Space writes the rest" });
    drawing.sizeImageCanvas(image);
    const predictions = element("div", { class: "next-token" });
    const heading = element("p", { class: "next-token-heading" });
    const list = element("ol", { class: "next-token-list" });
    predictions.append(heading, list);
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image, predictions);
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    app.append(classes, controls, pictures, readout);

    // Each entry's picture, drawn once and copied into the list as the predictions change: what the
    // entry stands for in the test images, the average neighbourhood of the patches it encodes (as
    // chapter 3 draws them), with the patch itself in the middle.
    const entryImages = page.arrayOf(data.arrays.entryPictures), pictureSide = Math.round(Math.sqrt(data.arrays.entryPictures.shape[1]));
    const entryPictures = Array.from({ length: prior.imageCodes }, (_, entry) => {
      const canvas = element("canvas", {});
      canvas.width = canvas.height = pictureSide;
      drawing.drawImage(canvas, entryImages.subarray(entry * pictureSide * pictureSide, (entry + 1) * pictureSide * pictureSide), pictureSide, paper, pencil);
      return canvas;
    });

    let label = 0, running = null, writer = null, seed = 1;
    const buttons = names.map((name, index) => {
      const button = element("button", { type: "button", "aria-pressed": String(index === 0) });
      button.textContent = name;
      button.addEventListener("click", () => chooseClass(index));
      button.addEventListener("keydown", (event) => {
        const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -1, ArrowDown: 1 };
        if (steps[event.key] === undefined) return;
        event.preventDefault();
        const next = (index + steps[event.key] + names.length) % names.length;
        chooseClass(next);
        buttons[next].focus();
      });
      classes.append(button);
      return button;
    });

    function chooseClass(index) {
      label = index;
      buttons.forEach((other, i) => other.setAttribute("aria-pressed", String(i === index)));
      restart();
      readout.textContent = `Class ${names[label]}, seed ${seed}: nothing written yet; the model's first choices are listed.`;
    }

    // A fresh writer for the chosen class and seed, nothing written.
    function restart() {
      if (running) clearTimeout(running);
      running = null;
      seed = Math.max(0, Math.floor(Number(seedInput.value) || 0));
      writer = writerFor(prior, label, seed);
      figure.dataset.done = "false";
      show();
    }

    // The image so far and the model's prediction of the next token.
    function show() {
      const tokens = writer.tokens;
      const pixels = decode(tokens.concat(new Array(total - tokens.length).fill(blank)));
      drawing.drawImage(image, pixels, Math.round(Math.sqrt(pixels.length)), paper, pencil);
      if (tokens.length > 0 && tokens.length < total) drawing.markCell(image, tokens.length - 1, grid);  // the newest patch, as in the chapter's strip
      figure.dataset.tokens = tokens.join(",");
      list.innerHTML = "";
      if (!writer.more) {
        heading.textContent = `All ${total} positions written.`;
        figure.dataset.predictions = "";
        return;
      }
      const choices = writer.predictions(shownChoices);
      heading.textContent = `Position ${tokens.length + 1} of ${total}: the ${shownChoices} likeliest tokens`;
      for (const { token, probability } of choices) {
        const item = element("li", {});
        const picture = element("canvas", { "aria-hidden": "true" });
        picture.width = picture.height = pictureSide;
        picture.getContext("2d").drawImage(entryPictures[token], 0, 0);
        const name = element("span", { class: "next-token-name" });
        name.textContent = `token ${token}`;
        const bar = element("span", { class: "next-token-bar", "aria-hidden": "true" });
        bar.style.width = `${(100 * probability).toFixed(1)}%`;
        const share = element("span", { class: "next-token-share" });
        share.textContent = percent(probability);
        const track = element("span", { class: "next-token-track" });
        track.append(bar);
        item.append(picture, name, track, share);
        list.append(item);
      }
      figure.dataset.predictions = choices.map((choice) => `${choice.token}:${choice.probability}`).join(",");
    }

    function percent(probability) { return `${(100 * probability).toFixed(probability < 0.1 ? 1 : 0)}%`; }

    // Writes one token and says which, with the probability the model gave it.
    function writeOne() {
      if (!writer.more) return false;
      const position = writer.tokens.length + 1;
      const chance = new Map(writer.predictions(prior.imageCodes).map((choice) => [choice.token, choice.probability]));
      const token = writer.next();
      show();
      const done = !writer.more;
      figure.dataset.done = String(done);
      readout.textContent = done
        ? `${names[label]}, seed ${seed}: all ${total} tokens written`
        : `${names[label]}, seed ${seed}: position ${position} is token ${token}, which the model gave ${percent(chance.get(token))}.`;
      return true;
    }

    // Takes the last token back: the same seed rewrites the same tokens up to it.
    function takeBack() {
      const count = writer.tokens.length;
      if (count === 0) return;
      writer = writerAfter(prior, label, seed, count - 1);
      figure.dataset.done = "false";
      show();
      readout.textContent = `${names[label]}, seed ${seed}: position ${count} taken back; ${count - 1} tokens written.`;
    }

    // Writes the rest, one token per tick, so the image grows patch by patch.
    function writeAll() {
      if (running) clearTimeout(running);
      if (!writer.more) restart();
      (function writeNextToken() {
        writeOne();
        running = writer.more ? setTimeout(writeNextToken, 30) : null;
      })();
    }

    step.addEventListener("click", () => {
      if (running) { clearTimeout(running); running = null; }
      if (!writer.more) restart();
      writeOne();
    });
    go.addEventListener("click", () => { restart(); writeAll(); });
    seedInput.addEventListener("change", () => {
      restart();
      readout.textContent = `Class ${names[label]}, seed ${seed}: nothing written yet.`;
    });
    image.addEventListener("keydown", (event) => {
      if (running && event.key !== "Tab") { clearTimeout(running); running = null; }
      if (event.key === "ArrowRight" || event.key === "ArrowDown") writeOne();
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") takeBack();
      else if (event.key === "Enter" || event.key === " ") writeAll();
      else return;
      event.preventDefault();
    });
    figure.classList.add("live-ready");
    restart();
    readout.textContent = "Press → on the image (or “write one token”) to write one token at a time and watch the likeliest next tokens change; "
      + "“generate” writes a whole image.";
  }

  exports.mount = mount;

  page.mountFigures("patch-writer.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentPatchWriter = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder,
   typeof module !== "undefined" ? require("./transformer.js") : window.LatentTransformer,
   typeof module !== "undefined" ? require("./sampling.js") : window.LatentSampling,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
