// Drawing on the live figures' canvases: an image between the digit colours the run's figures use
// (shipped with the data), and the page's own colours and sizes read from its stylesheet's
// variables (--accent for a marked patch, --live-image for a decoded image's width), so a figure
// looks like the static figures around it in both colour schemes without copying their values.
"use strict";

(function (exports, page) {
  // A CSS variable of the page (e.g. "--accent"), as the stylesheet sets it for the reader's scheme.
  function cssValue(name) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    if (!value) throw new Error(`drawing: the page's stylesheet sets no ${name}`);
    return value;
  }

  // The paper and pencil colours of a digit ([r, g, b] each) in the reader's scheme, from the data.
  function digitColors(data) {
    return data.digitColors[page.prefersDark() ? "dark" : "light"].map(page.rgb);
  }

  // Gives `canvas` the page's size for a decoded image (--live-image), in CSS pixels.
  function sizeImageCanvas(canvas) {
    const size = parseFloat(cssValue("--live-image"));
    canvas.width = canvas.height = size;
    return size;
  }

  // A side × side image (grey-levels in [0, 1], row-major) drawn over the whole canvas, each pixel
  // between the paper and pencil colours ([r, g, b]) and scaled up without smoothing.
  function drawImage(canvas, pixels, side, paper, pencil) {
    const small = document.createElement("canvas");
    small.width = small.height = side;
    const smallContext = small.getContext("2d"), picture = smallContext.createImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      for (let channel = 0; channel < 3; channel++) {
        picture.data[4 * i + channel] = Math.round(paper[channel] + (pencil[channel] - paper[channel]) * pixels[i]);
      }
      picture.data[4 * i + 3] = 255;
    }
    smallContext.putImageData(picture, 0, 0);
    const context = canvas.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  // Thin lines between the cells of a grid × grid partition of the canvas (the tokens' patches).
  function drawGrid(canvas, grid) {
    const context = canvas.getContext("2d"), cell = canvas.width / grid;
    context.save();
    context.strokeStyle = cssValue("--muted");
    context.globalAlpha = 0.25;
    context.lineWidth = 1;
    context.beginPath();
    for (let i = 1; i < grid; i++) {
      context.moveTo(i * cell, 0); context.lineTo(i * cell, canvas.height);
      context.moveTo(0, i * cell); context.lineTo(canvas.width, i * cell);
    }
    context.stroke();
    context.restore();
  }

  // A square in the page's accent colour around cell `index` (row-major) of a grid × grid canvas:
  // the selected or newest patch.
  function markCell(canvas, index, grid) {
    const context = canvas.getContext("2d"), cell = canvas.width / grid;
    context.strokeStyle = cssValue("--accent");
    context.lineWidth = 3;
    context.strokeRect((index % grid) * cell + 1.5, Math.floor(index / grid) * cell + 1.5, cell - 3, cell - 3);
  }

  Object.assign(exports, { cssValue, digitColors, sizeImageCanvas, drawImage, drawGrid, markCell });
})(typeof module !== "undefined" ? module.exports : (window.LatentDrawing = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage);
