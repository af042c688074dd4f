// Chapter 5's "write from a sentence": type a caption, choose how strongly to follow it and a seed,
// and the chapter's model of words and patches writes the image's tokens one at a time, here, in
// your browser; the VQ-VAE's decoder (vq-decoder.js) draws the image so far after each token, with
// the newest patch marked. The known words are offered as you type; a word the model never saw is
// named on the page with the list of the words it knows.
"use strict";

(function (exports, page, vq, words, drawing) {
  function mount(figure, data) {
    const element = page.element, vocabulary = words.modelOf(data), decode = vq.decoderOf(data.arrays);
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
    const guidanceLabel = element("label", {}), guidance = element("input", { type: "range", min: "0", max: "5", step: "0.5",
      value: String(data.arrays.guidance ? page.arrayOf(data.arrays.guidance)[0] : 1), "aria-label": "guidance scale s" });
    const guidanceValue = element("output", {});
    guidanceLabel.append("guidance s ", guidance, guidanceValue);
    const seedLabel = element("label", {}), seed = element("input", { type: "number", min: "0", step: "1", value: "1", style: "width: 6em" });
    seedLabel.append("seed ", seed);
    const go = element("button", { type: "button" });
    go.textContent = "write";
    controls.append(...(vocabulary.unconditional ? [guidanceLabel] : []), seedLabel, go);
    const message = element("p", { class: "live-message", id: `${figure.id}-message`, role: "alert" });
    const image = element("canvas", { class: "decoded", role: "img", "aria-label": "The image written so far" });
    drawing.sizeImageCanvas(image);
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image);
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    app.append(promptLabel, suggestions, controls, message, pictures, readout);

    // The known words that complete the word being typed (all of them after a space).
    function suggest() {
      const typed = prompt.value.slice(0, prompt.selectionStart ?? prompt.value.length), partial = typed.match(/[^\s,]*$/)[0];
      suggestions.replaceChildren(...words.completions(vocabulary, partial).map((word) => {
        const button = element("button", { type: "button", class: "word" });
        button.textContent = word;
        button.addEventListener("click", () => {
          prompt.value = typed.slice(0, typed.length - partial.length) + word + " " + prompt.value.slice(typed.length).trimStart();
          prompt.focus();
          suggest();
        });
        return button;
      }));
    }
    prompt.addEventListener("input", suggest);
    prompt.addEventListener("click", suggest);
    prompt.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); writeImage(); } });
    const showGuidance = () => { guidanceValue.textContent = ` ${Number(guidance.value).toFixed(1)}`; };
    guidance.addEventListener("input", showGuidance);
    go.addEventListener("click", writeImage);

    function showWritten(tokens) {
      const pixels = decode(tokens.concat(new Array(total - tokens.length).fill(blank)));
      drawing.drawImage(image, pixels, Math.round(Math.sqrt(pixels.length)), paper, pencil);
      drawing.drawGrid(image, grid);
      if (tokens.length > 0 && tokens.length < total) drawing.markCell(image, tokens.length - 1, grid);
    }

    // One token per tick, so the image grows patch by patch as it is written.
    let running = null;
    function writeImage() {
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
      message.textContent = "";
      delete figure.dataset.unknown;
      const scale = vocabulary.unconditional ? Number(guidance.value) : 1, chosenSeed = Math.max(0, Math.floor(Number(seed.value) || 0));
      const writer = words.imageWriter(vocabulary, caption.tokens, chosenSeed, scale), said = words.captionText(asked);
      const how = vocabulary.unconditional ? `, guidance ${scale.toFixed(1)}` : "";
      (function writeOneToken() {
        writer.next();
        const tokens = writer.tokens;
        showWritten(tokens);
        if (tokens.length < total) {
          readout.textContent = `“${said}”${how}, seed ${chosenSeed}: token ${tokens.length} of ${total}`;
          running = setTimeout(writeOneToken, 20);
          return;
        }
        running = null;
        figure.dataset.tokens = tokens.join(",");
        figure.dataset.done = "true";
        readout.textContent = `“${said}”${how}, seed ${chosenSeed}: all ${total} tokens written`;
      })();
    }

    showGuidance();
    suggest();
    showWritten([]);
    readout.textContent = "Type a caption, then write.";
    figure.classList.add("live-ready");
  }

  exports.mount = mount;

  page.mountFigures("sentence-writer.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentSentenceWriter = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder,
   typeof module !== "undefined" ? require("./words-and-patches.js") : window.LatentWordsAndPatches,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
