// Chapter 5's "caption what you draw": draw a digit with the mouse, a finger, a pen or the arrow
// keys, and when the stroke ends (Enter, from the keyboard) your browser encodes the drawing with the VQ-VAE's encoder (vq-encoder.js) into 49
// tokens, shows them and what they decode to (vq-decoder.js), and lets the chapter's model of words
// and patches write its caption after them (words-and-patches.js), all from the run's weights.
//
// The drawing is made like an MNIST digit: strokes on a fine canvas, averaged down to 28 × 28 grey
// levels, and shifted so the ink's centre of mass sits in the middle (MNIST centred its digits so).
//
// uses: layers.js drawing.js vq-decoder.js transformer.js sampling.js words-and-patches.js vq-encoder.js
"use strict";

(function (exports, page, vq, encoder, words, drawing) {
  // The image the encoder reads from the drawing's pixels: `alpha` is the canvas's ink (0…255) at
  // `fine` × `fine` pixels, averaged over blocks down to `side` × `side` grey levels, then moved by
  // whole pixels so its centre of mass is the middle.
  function imageOfDrawing(alpha, fine, side) {
    const block = fine / side, image = new Float64Array(side * side);
    for (let y = 0; y < fine; y++) for (let x = 0; x < fine; x++) {
      image[Math.floor(y / block) * side + Math.floor(x / block)] += alpha[y * fine + x] / 255 / (block * block);
    }
    let mass = 0, sumX = 0, sumY = 0;
    image.forEach((value, i) => { mass += value; sumX += value * (i % side); sumY += value * Math.floor(i / side); });
    if (mass === 0) return image;
    const dx = Math.round((side - 1) / 2 - sumX / mass), dy = Math.round((side - 1) / 2 - sumY / mass), centred = new Float64Array(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
      const fromX = x - dx, fromY = y - dy;
      if (fromX >= 0 && fromX < side && fromY >= 0 && fromY < side) centred[y * side + x] = Math.min(1, image[fromY * side + fromX]);
    }
    return centred;
  }

  exports.imageOfDrawing = imageOfDrawing;

  // ---- The figure on the page ----------------------------------------------------------------

  function mount(figure, data) {
    const element = page.element, vocabulary = words.modelOf(data), decode = vq.decoderOf(data.arrays), encode = encoder.encoderOf(data.arrays);
    const side = page.arrayOf(data.arrays.imageSide)[0];
    const grid = Math.round(Math.sqrt(vocabulary.tokensPerImage));
    const [paper, pencil] = drawing.digitColors(data);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";

    const sketch = element("canvas", { class: "sketch", role: "img", tabindex: "0",
      "aria-label": "Drawing area: draw a digit with the mouse, a finger or a pen; or with the keyboard: arrow keys draw from the centre, Enter captions, Escape clears" });
    const size = drawing.sizeImageCanvas(sketch);
    const decoded = element("canvas", { class: "decoded", role: "img", "aria-label": "What the 49 tokens decode to" });
    drawing.sizeImageCanvas(decoded);
    const tokenTable = element("table", { class: "token-grid", "aria-label": "The drawing's tokens, one per patch" });
    const clear = element("button", { type: "button" });
    clear.textContent = "clear";
    // The clear button stays under the drawing square, however the pictures wrap on a narrow screen.
    const pad = element("div", { class: "sketch-pad" });
    pad.append(sketch, clear);
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(pad, decoded, tokenTable);
    const readout = element("p", { class: "readout caption", "aria-live": "polite" });
    const hint = element("p", { class: "live-hint caption" });
    hint.textContent = "Try: a one written upright, then one leaning. Slant words are measured against the class's own digits, "
      + "most of which lean right, so an upright one can be “leaning left”.";
    app.append(hint, pictures, readout);

    // Strokes are drawn at a multiple of the image's side, so averaging down is exact.
    const fine = side * Math.max(1, Math.round(size / side)), ink = document.createElement("canvas");
    ink.width = ink.height = fine;
    const inkContext = ink.getContext("2d", { willReadFrequently: true });
    inkContext.lineCap = inkContext.lineJoin = "round";
    inkContext.lineWidth = fine / side * 2.2;  // about as wide as an MNIST stroke
    inkContext.strokeStyle = inkContext.fillStyle = "#000";

    function showSketch() {
      const context = sketch.getContext("2d");
      context.fillStyle = `rgb(${paper.join(",")})`;
      context.fillRect(0, 0, sketch.width, sketch.height);
      // The ink in the pencil colour: tint the strokes, then lay them over the paper.
      const tinted = document.createElement("canvas");
      tinted.width = tinted.height = fine;
      const tint = tinted.getContext("2d");
      tint.drawImage(ink, 0, 0);
      tint.globalCompositeOperation = "source-in";
      tint.fillStyle = `rgb(${pencil.join(",")})`;
      tint.fillRect(0, 0, fine, fine);
      context.drawImage(tinted, 0, 0, sketch.width, sketch.height);
    }

    function blankResult() {
      decoded.getContext("2d").clearRect(0, 0, decoded.width, decoded.height);
      tokenTable.replaceChildren();
      readout.textContent = "Draw a digit in the square; its caption appears when you lift the pen.";
      delete figure.dataset.caption;
      delete figure.dataset.tokens;
    }

    // Encode the drawing, show its tokens and their image, and caption it.
    function understand() {
      const pixels = inkContext.getImageData(0, 0, fine, fine).data, alpha = new Uint8ClampedArray(fine * fine);
      for (let i = 0; i < alpha.length; i++) alpha[i] = pixels[4 * i + 3];
      const image = imageOfDrawing(alpha, fine, side);
      if (!image.some((value) => value > 0)) return blankResult();
      const { tokens } = encode(image), said = words.caption(vocabulary, tokens);
      drawing.drawImage(decoded, decode(tokens), side, paper, pencil);
      drawing.drawGrid(decoded, grid);
      tokenTable.replaceChildren(...Array.from({ length: grid }, (_, row) => {
        const tr = element("tr", {});
        tr.append(...tokens.slice(row * grid, (row + 1) * grid).map((token) => {
          const td = element("td", {});
          td.textContent = String(token);
          return td;
        }));
        return tr;
      }));
      readout.textContent = said.length > 0 ? `The model's caption: “${words.captionText(said)}”.` : "The model ended its caption before writing a word.";
      figure.dataset.tokens = tokens.join(",");
      figure.dataset.caption = said.join(" ");
    }

    // Pointer events cover mouse, touch and pen; browsers without them get mouse and touch events.
    let last = null;
    const at = (clientX, clientY) => {
      const box = sketch.getBoundingClientRect();
      return [(clientX - box.left) / box.width * fine, (clientY - box.top) / box.height * fine];
    };
    function begin(clientX, clientY) {
      last = at(clientX, clientY);
      inkContext.beginPath();
      inkContext.arc(last[0], last[1], inkContext.lineWidth / 2, 0, 2 * Math.PI);
      inkContext.fill();
      showSketch();
    }
    function extend(clientX, clientY) {
      if (!last) return;
      const next = at(clientX, clientY);
      inkContext.beginPath();
      inkContext.moveTo(...last);
      inkContext.lineTo(...next);
      inkContext.stroke();
      last = next;
      showSketch();
    }
    function end() {
      if (!last) return;
      last = null;
      understand();
    }
    if (typeof PointerEvent !== "undefined") {
      sketch.addEventListener("pointerdown", (event) => { sketch.setPointerCapture(event.pointerId); begin(event.clientX, event.clientY); event.preventDefault(); });
      sketch.addEventListener("pointermove", (event) => extend(event.clientX, event.clientY));
      sketch.addEventListener("pointerup", end);
      sketch.addEventListener("pointercancel", end);
    } else {
      sketch.addEventListener("mousedown", (event) => begin(event.clientX, event.clientY));
      sketch.addEventListener("mousemove", (event) => extend(event.clientX, event.clientY));
      window.addEventListener("mouseup", end);
      const touch = (handler) => (event) => { event.preventDefault(); const t = event.changedTouches[0]; handler(t.clientX, t.clientY); };
      sketch.addEventListener("touchstart", touch(begin), { passive: false });
      sketch.addEventListener("touchmove", touch(extend), { passive: false });
      sketch.addEventListener("touchend", (event) => { event.preventDefault(); end(); }, { passive: false });
    }
    function clearAll() {
      inkContext.clearRect(0, 0, fine, fine);
      keyPen = null;
      showSketch();
      blankResult();
    }
    clear.addEventListener("click", clearAll);

    // The keyboard's pen: each arrow key draws a stroke of two image pixels from where the last
    // ended (the centre at first); Enter lifts the pen and captions, Escape clears.
    let keyPen = null;
    const steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    sketch.addEventListener("keydown", (event) => {
      if (steps[event.key]) {
        event.preventDefault();
        const stride = 2 * fine / side, from = keyPen || [fine / 2, fine / 2];
        const to = [Math.min(fine, Math.max(0, from[0] + steps[event.key][0] * stride)), Math.min(fine, Math.max(0, from[1] + steps[event.key][1] * stride))];
        inkContext.beginPath();
        inkContext.moveTo(...from);
        inkContext.lineTo(...to);
        inkContext.stroke();
        keyPen = to;
        showSketch();
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        understand();
      } else if (event.key === "Escape") {
        event.preventDefault();
        clearAll();
      }
    });

    showSketch();
    blankResult();
    figure.classList.add("live-ready");
  }

  exports.mount = mount;

  page.mountFigures("sketch-captioner.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentSketchCaptioner = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder,
   typeof module !== "undefined" ? require("./vq-encoder.js") : window.LatentVQEncoder,
   typeof module !== "undefined" ? require("./words-and-patches.js") : window.LatentWordsAndPatches,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
