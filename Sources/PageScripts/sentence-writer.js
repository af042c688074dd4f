// Chapter 6's "write from a sentence": type a caption, choose how strongly to follow it and a seed,
// and chapter 5's model of words and patches writes the image's tokens one at a time, here, in
// your browser; the VQ-VAE's decoder (vq-decoder.js) draws the image so far after each token, with
// the newest patch marked. Only the words that continue a phrasing the model was trained on are
// offered as you type; a word the model never saw is named with the words it knows, and a caption
// in no trained phrasing is refused with the phrasings it knows. The figure opens on the caption
// and seed the run checked (drawn in Swift with these random numbers, read as the asked-for digit),
// and its guidance slider spans the chapter's sweep.
//
// uses: layers.js drawing.js vq-decoder.js transformer.js sampling.js words-and-patches.js
"use strict";

(function (exports, page, vq, words, drawing) {
  function mount(figure, data) {
    const element = page.element, vocabulary = words.modelOf(data), decode = vq.decoderOf(data.arrays);
    const grammar = words.grammarOf(data), arrays = data.arrays;
    const [lowest, highest] = arrays.guidanceRange ? Array.from(page.arrayOf(arrays.guidanceRange)) : [0, 5];
    const openingSeed = arrays.openingSeed ? page.arrayOf(arrays.openingSeed)[0] : 1;
    const blank = page.arrayOf(data.arrays.blank)[0], total = vocabulary.tokensPerImage, grid = Math.round(Math.sqrt(total));
    const [paper, pencil] = drawing.digitColors(data);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";

    const promptLabel = element("label", { class: "prompt" });
    const prompt = element("input", { type: "text", value: data.strings.examples[0], autocomplete: "off", spellcheck: "false",
      "aria-describedby": `${figure.id}-message` });
    promptLabel.append("caption ", prompt);
    const suggestions = element("div", { class: "word-suggestions", role: "group", "aria-label": "Known words: choose one to type it" });
    const controls = element("div", { class: "film-controls" });
    const guidanceLabel = element("label", {}), guidance = element("input", { type: "range", min: String(lowest), max: String(highest), step: "0.5",
      value: String(data.arrays.guidance ? page.arrayOf(data.arrays.guidance)[0] : 1), "aria-label": "guidance scale s" });
    const guidanceValue = element("output", {});
    guidanceLabel.append("guidance s ", guidance, guidanceValue);
    const seedLabel = element("label", {}), seed = element("input", { type: "number", min: "0", step: "1", value: String(openingSeed), style: "width: 6em" });
    seedLabel.append("seed ", seed);
    const go = element("button", { type: "button" });
    go.textContent = "write";
    controls.append(...(vocabulary.unconditional ? [guidanceLabel] : []), seedLabel, go);
    const message = element("p", { class: "live-message", id: `${figure.id}-message`, role: "status", "aria-live": "polite" });
    const hint = element("p", { class: "live-hint caption" });
    hint.textContent = vocabulary.unconditional
      ? `Try: write the same caption and seed at s = ${Number(lowest).toFixed(1)} and at s = ${Number(highest).toFixed(1)}, or change one word (“bold” to “thin”).`
      : "Try: change one word (“bold” to “thin”) and write again with the same seed.";
    const image = element("canvas", { class: "decoded", role: "img", "aria-label": "The image written so far" });
    drawing.sizeImageCanvas(image);
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image);
    // The progress changes 49 times a caption; only the sentence at start and end is announced.
    const progress = element("p", { class: "progress caption", "aria-hidden": "true" });
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    app.append(hint, promptLabel, suggestions, controls, message, pictures, progress, readout);

    // The known words that complete the word being typed and, where the run ships its phrasings,
    // continue a caption the model was trained on (all of them after a space).
    function suggest() {
      const typed = prompt.value.slice(0, prompt.selectionStart ?? prompt.value.length), partial = typed.match(/[^\s,]*$/)[0];
      const before = words.wordsOf(typed.slice(0, typed.length - partial.length));
      const lost = grammar && !grammar.begins(before);
      const offered = !grammar ? words.completions(vocabulary, partial)
        : lost ? [] : grammar.next(before).filter((word) => word.startsWith(partial.toLowerCase()));
      const buttons = offered.map((word) => {
        const button = element("button", { type: "button", class: "word" });
        button.textContent = word;
        button.addEventListener("click", () => {
          prompt.value = typed.slice(0, typed.length - partial.length) + word + " " + prompt.value.slice(typed.length).trimStart();
          prompt.focus();
          suggest();
        });
        return button;
      });
      const note = element("span", { class: "caption" });
      note.textContent = lost ? "No phrasing the model learned goes on from here." : grammar && offered.length === 0 && grammar.accepts(before) ? "A whole caption: press Enter to write it." : "";
      suggestions.replaceChildren(...buttons, ...(note.textContent ? [note] : []));
    }
    prompt.addEventListener("input", suggest);
    prompt.addEventListener("click", suggest);
    prompt.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); writeImage(); } });
    seed.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); writeImage(); } });
    const showGuidance = () => { guidanceValue.textContent = ` ${Number(guidance.value).toFixed(1)}`; };
    guidance.addEventListener("input", showGuidance);
    go.addEventListener("click", () => writeImage());

    function showWritten(tokens) {
      const pixels = decode(tokens.concat(new Array(total - tokens.length).fill(blank)));
      drawing.drawImage(image, pixels, Math.round(Math.sqrt(pixels.length)), paper, pencil);
      drawing.drawGrid(image, grid);
      if (tokens.length > 0 && tokens.length < total) drawing.markCell(image, tokens.length - 1, grid);
    }

    // One token per tick, so the image grows patch by patch as it is written.
    let running = null;
    function writeImage(instantly = false) {
      if (running) clearTimeout(running);
      running = null;
      const asked = words.wordsOf(prompt.value), caption = words.captionTokens(vocabulary, asked);
      figure.dataset.done = "false";
      if (caption.unknown) {
        message.textContent = `${caption.unknown.map((word) => `“${word}”`).join(", ")} ${caption.unknown.length === 1 ? "is not a word" : "are not words"}`
          + ` this model knows. It knows ${vocabulary.words.map((word) => `“${word}”`).join(" ")}.`;
        figure.dataset.unknown = caption.unknown.join(" ");
        readout.textContent = "Nothing written: the caption may hold only the words the model knows.";
        showWritten([]);  // not the last caption's image under a caption it does not belong to
        return;
      }
      const room = vocabulary.model.positions + 1 - total - 3;  // the caption's frame and the image marker
      if (caption.tokens.length === 0 || caption.tokens.length > room) {
        message.textContent = caption.tokens.length === 0 ? "Type a caption first." : `A caption here holds at most ${room} words.`;
        readout.textContent = "Nothing written.";
        showWritten([]);
        return;
      }
      if (grammar && !grammar.accepts(asked)) {
        const classWords = data.strings.classWords.find((name) => asked.includes(name)) || data.strings.classWords[0];
        message.textContent = `“${words.captionText(asked)}” is not a phrasing this model was trained on, so it would draw noise. `
          + `It knows ${grammar.phrasings(classWords).map((said) => `“${said}”`).join(", ")}, with any class, weight and slant.`;
        figure.dataset.refused = asked.join(" ");
        readout.textContent = "Nothing written: the caption must follow one of the phrasings the model learned.";
        progress.textContent = "";
        showWritten([]);
        return;
      }
      delete figure.dataset.refused;
      message.textContent = "";
      delete figure.dataset.unknown;
      const scale = vocabulary.unconditional ? Number(guidance.value) : 1, chosenSeed = Math.max(0, Math.floor(Number(seed.value) || 0));
      const writer = words.imageWriter(vocabulary, caption.tokens, chosenSeed, scale), said = words.captionText(asked);
      const how = vocabulary.unconditional ? `, guidance ${scale.toFixed(1)}` : "";
      readout.textContent = `Writing “${said}”${how}, seed ${chosenSeed}.`;
      (function writeOneToken() {
        writer.next();
        while (instantly && writer.tokens.length < total) writer.next();
        const tokens = writer.tokens;
        showWritten(tokens);
        if (tokens.length < total) {
          progress.textContent = `“${said}”${how}, seed ${chosenSeed}: token ${tokens.length} of ${total}`;
          running = setTimeout(writeOneToken, 20);
          return;
        }
        running = null;
        figure.dataset.tokens = tokens.join(",");
        figure.dataset.done = "true";
        progress.textContent = "";
        readout.textContent = `“${said}”${how}, seed ${chosenSeed}: all ${total} tokens written`;
      })();
    }

    showGuidance();
    suggest();
    // The opening caption and seed, written at once: the first image a reader sees is the checked one.
    if (arrays.openingSeed) writeImage(true);
    else {
      showWritten([]);
      readout.textContent = "Type a caption, then write.";
    }
    figure.classList.add("live-ready");
  }

  exports.mount = mount;

  page.mountFigures("sentence-writer.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentSentenceWriter = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder,
   typeof module !== "undefined" ? require("./words-and-patches.js") : window.LatentWordsAndPatches,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
