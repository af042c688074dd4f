// The latent explorer of chapter 2: move a point over the 2-D VAE's plane of codes and its
// decoder draws the image for that code, here, in your browser.
//
// The decoder is the chapter's own: 2 → 400 (ReLU) → 784 (sigmoid), with the weights the chapter
// run wrote from its checkpoint (`latent-explorer-data.js`, hashed in run.json). The forward pass
// below is the Swift one, with the layers of layers.js. A test runs this file under Node and
// compares its images with the Swift decoder's on fixed codes.
//
// uses: layers.js drawing.js
"use strict";

(function (exports, page, layers, drawing) {
  const arrayOf = page.arrayOf;

  // The decoder of `arrays` (named as the model names its parameters) as a function of a code.
  function vaeDecoderOf(arrays) {
    const hidden = [arrayOf(arrays["decoder.hidden.weight"]), arrayOf(arrays["decoder.hidden.bias"])];
    const output = [arrayOf(arrays["decoder.output.weight"]), arrayOf(arrays["decoder.output.bias"])];
    return function decodeCode(code) {
      const features = layers.reluInPlace(layers.linear(code, 1, ...hidden));
      return Float32Array.from(layers.linear(features, 1, ...output), layers.sigmoid);
    };
  }

  // The labels of the `count` test codes nearest to `code` (codes is [n, 2], row after row).
  function nearestLabels(codes, labels, code, count) {
    const best = [];
    for (let n = 0; n < labels.length; n++) {
      const dx = codes[2 * n] - code[0], dy = codes[2 * n + 1] - code[1], distance = dx * dx + dy * dy;
      if (best.length < count || distance < best[best.length - 1].distance) {
        best.push({ distance, label: labels[n] });
        best.sort((a, b) => a.distance - b.distance);
        if (best.length > count) best.pop();
      }
    }
    return best.map((entry) => entry.label);
  }

  // The label most of `labels` share (the first of them on a tie, the nearest).
  function mostCommon(labels) {
    const counts = new Map();
    for (const label of labels) counts.set(label, (counts.get(label) || 0) + 1);
    return labels.reduce((best, label) => (counts.get(label) > counts.get(best) ? label : best), labels[0]);
  }

  exports.vaeDecoderOf = vaeDecoderOf;
  exports.nearestLabels = nearestLabels;
  exports.mostCommon = mostCommon;

  // ---- The figure on the page ----------------------------------------------------------------

  const planeSize = 300, imageSize = 168;

  function mount(figure, data) {
    const codes = arrayOf(data.arrays.codes), labels = arrayOf(data.arrays.labels);
    const names = data.strings.classNames, decode = vaeDecoderOf(data.arrays);
    const side = Math.round(Math.sqrt(arrayOf(data.arrays["decoder.output.bias"]).length));
    let extent = 0;
    for (let i = 0; i < codes.length; i++) extent = Math.max(extent, Math.abs(codes[i]));
    extent = Math.ceil(extent * 1.05 * 2) / 2;  // the plane shows −extent … extent on both axes
    const colors = data.classColors[page.prefersDark() ? "dark" : "light"], [paper, pencil] = drawing.digitColors(data);

    const element = page.element, app = figure.querySelector(".live-app");
    app.innerHTML = "";
    const plane = element("canvas", { class: "plane", tabindex: "0", role: "application",
      "aria-roledescription": "plane of codes", "aria-label": "Code picker: arrow keys move the code, Shift moves faster, Home returns to the origin" });
    const image = element("canvas", { class: "decoded", role: "img", "aria-label": "The decoded image" });
    // The readout changes with every step of the point; what a screen reader hears is the polite
    // announcement below, said only when the point rests and the decoded digit has changed.
    const readout = element("p", { class: "readout" });
    const announcement = element("p", { class: "visually-hidden", "aria-live": "polite" });
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(plane, image);
    app.append(pictures, readout, announcement);
    const scale = window.devicePixelRatio || 1;
    sizeCanvas(plane, planeSize, scale);
    sizeCanvas(image, imageSize, 1);
    const background = drawCodes(plane, codes, labels, colors, extent, scale);

    let code = [0, 0];
    function showCode() {
      const context = plane.getContext("2d");
      context.putImageData(background, 0, 0);
      const [x, y] = toPixels(code, extent, planeSize * scale);
      context.strokeStyle = drawing.cssValue("--ink");
      context.lineWidth = 2 * scale;
      context.beginPath();
      context.arc(x, y, 7 * scale, 0, 2 * Math.PI);
      context.moveTo(x - 11 * scale, y); context.lineTo(x + 11 * scale, y);
      context.moveTo(x, y - 11 * scale); context.lineTo(x, y + 11 * scale);
      context.stroke();
      drawing.drawImage(image, decode(code), side, paper, pencil);
      const nearest = nearestLabels(codes, labels, code, 5), near = nearest.map((label) => names[label]);
      readout.textContent = `z = (${code[0].toFixed(2)}, ${code[1].toFixed(2)}) · nearest test images: ${near.join(", ")}`;
      figure.dataset.code = `${code[0]},${code[1]}`;
      const likely = names[mostCommon(nearest)];
      image.setAttribute("aria-label", `The decoded image: the nearest test images are mostly ${likely}`);
      clearTimeout(announceLater);
      announceLater = setTimeout(() => {
        if (likely === announced) return;
        announced = likely;
        announcement.textContent = `Decoded here: a ${likely}, judging by the nearest test images (${near.join(", ")}).`;
      }, 400);
    }
    let announceLater = null, announced = null;

    function moveTo(clientX, clientY) {
      const box = plane.getBoundingClientRect();
      code = [((clientX - box.left) / box.width * 2 - 1) * extent, (1 - (clientY - box.top) / box.height * 2) * extent];
      showCode();
    }
    plane.addEventListener("pointerdown", (event) => {
      plane.setPointerCapture(event.pointerId);
      moveTo(event.clientX, event.clientY);
      event.preventDefault();
    });
    plane.addEventListener("pointermove", (event) => {
      if (plane.hasPointerCapture(event.pointerId)) moveTo(event.clientX, event.clientY);
    });
    plane.addEventListener("keydown", (event) => {
      const step = extent / 40 * (event.shiftKey ? 5 : 1);
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (event.key === "Home") code = [0, 0];
      else if (moves[event.key]) code = code.map((value, axis) => Math.max(-extent, Math.min(extent, value + moves[event.key][axis])));
      else return;
      event.preventDefault();
      showCode();
    });
    figure.classList.add("live-ready");
    showCode();
  }

  function sizeCanvas(canvas, size, scale) {
    canvas.width = size * scale;
    canvas.height = size * scale;
    canvas.style.width = `${size}px`;
    canvas.style.height = `${size}px`;
  }

  function toPixels(code, extent, size) {
    return [(code[0] / extent + 1) / 2 * size, (1 - code[1] / extent) / 2 * size];
  }

  // The test codes as dots coloured by label, with the two axes through the origin; returned as
  // pixels so each move redraws only the point.
  function drawCodes(canvas, codes, labels, colors, extent, scale) {
    const context = canvas.getContext("2d"), size = canvas.width;
    context.fillStyle = drawing.cssValue("--paper");
    context.fillRect(0, 0, size, size);
    context.strokeStyle = drawing.cssValue("--rule");
    context.lineWidth = scale;
    context.beginPath();
    context.moveTo(size / 2, 0); context.lineTo(size / 2, size);
    context.moveTo(0, size / 2); context.lineTo(size, size / 2);
    context.stroke();
    for (let n = 0; n < labels.length; n++) {
      const [x, y] = toPixels([codes[2 * n], codes[2 * n + 1]], extent, size);
      context.fillStyle = colors[labels[n]] || drawing.cssValue("--muted");
      context.fillRect(x - scale, y - scale, 2 * scale, 2 * scale);
    }
    return context.getImageData(0, 0, size, size);
  }

  exports.mount = mount;

  page.mountFigures("latent-explorer.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentExplorer = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./layers.js") : window.LatentLayers,
   typeof module !== "undefined" ? require("./drawing.js") : window.LatentDrawing);
