// What every live figure's script needs: the arrays a chapter run wrote, which travel as base64 of
// their bytes (float32, little-endian, or uint8), colours, and drawing an image on a canvas. Loaded
// before the figures' scripts; under Node (the tests) it is a module.
"use strict";

(function (exports) {
  function bytesOfBase64(text) {
    if (typeof atob === "function") return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return new Uint8Array(Buffer.from(text, "base64"));
  }

  // An array of the data as a Uint8Array or a Float32Array over the same bytes.
  exports.arrayOf = function arrayOf(entry) {
    if (entry.uint8 !== undefined && entry.uint8 !== null) return bytesOfBase64(entry.uint8);
    const bytes = bytesOfBase64(entry.float32);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  };

  // "#rrggbb" as [red, green, blue], 0…255.
  exports.rgb = function rgb(hex) {
    return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
  };

  // A new element with attributes.
  exports.element = function element(name, attributes) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    return node;
  };

  // A side × side image (grey-levels in [0, 1], row-major) drawn over the whole canvas, each pixel
  // between the paper and pencil colours ([r, g, b]) and scaled up without smoothing.
  exports.drawImage = function drawImage(canvas, pixels, side, paper, pencil) {
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
  };

  // Mounts `mount(figure, data)` on every live figure of the page that runs `script`, with the data
  // its run wrote (LatentPageData[figure name]). Does nothing outside a browser.
  exports.mountFigures = function mountFigures(script, mount) {
    if (typeof document === "undefined") return;
    for (const figure of document.querySelectorAll(`figure.live[data-script="${script}"]`)) {
      const data = window.LatentPageData && window.LatentPageData[figure.dataset.live];
      if (data) mount(figure, data);
    }
  };

  // Whether the reader's system asks for dark colours (the figures follow it, as the page does).
  exports.prefersDark = function prefersDark() {
    return typeof window !== "undefined" && !!window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  };
})(typeof module !== "undefined" ? module.exports : (window.LatentPage = {}));
