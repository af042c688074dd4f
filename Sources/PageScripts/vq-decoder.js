// The VQ-VAE's decoder (chapter 3), as the page scripts run it: each token is replaced by its
// codebook row (32 numbers), and two transposed convolutions (kernel 4, stride 2, padding 1) take the
// 7 × 7 grid to 14 × 14 × 32 (ReLU) and then to 28 × 28 logits (sigmoid). The weights are the ones a
// chapter run wrote from its checkpoint. A test runs this file under Node against the Swift decoder.
"use strict";

(function (exports, page, layers) {
  // The decoder of `arrays` as a function of a grid's tokens (49): the image's grey-levels in (0, 1),
  // row-major (784).
  function decoderOf(arrays) {
    const codebook = page.arrayOf(arrays["quantizer.codebook"]), width = arrays["quantizer.codebook"].shape[1];
    const up1 = [page.arrayOf(arrays["decoder.up1.weight"]), page.arrayOf(arrays["decoder.up1.bias"])];
    const up2 = [page.arrayOf(arrays["decoder.up2.weight"]), page.arrayOf(arrays["decoder.up2.bias"])];
    return function decode(tokens) {
      const grid = new Float64Array(tokens.length * width), side = Math.round(Math.sqrt(tokens.length));
      tokens.forEach((token, cell) => grid.set(codebook.subarray(token * width, (token + 1) * width), cell * width));
      const hidden = layers.transposedConv2d(grid, side, width, up1[0], up1[1], 4, 2, 1);
      layers.reluInPlace(hidden.values);
      const logits = layers.transposedConv2d(hidden.values, hidden.side, hidden.channels, up2[0], up2[1], 4, 2, 1);
      return Float32Array.from(logits.values, layers.sigmoid);
    };
  }

  // What codebook entry `entry` draws on blank paper: a grid of `cells` tokens all `blank` but the
  // middle one, decoded, and the crop × crop pixels around that middle cell (row-major). The token
  // editor's palette and the patch writer's predictions show entries this way.
  function entryPicture(decode, entry, blank, cells, crop) {
    const probe = new Array(cells).fill(blank);
    probe[Math.floor(cells / 2)] = entry;
    const pixels = decode(probe), side = Math.round(Math.sqrt(pixels.length)), first = side / 2 - crop / 2;
    const picture = [];
    for (let y = first; y < first + crop; y++) for (let x = first; x < first + crop; x++) picture.push(pixels[y * side + x]);
    return picture;
  }

  exports.decoderOf = decoderOf;
  exports.entryPicture = entryPicture;
})(typeof module !== "undefined" ? module.exports : (window.LatentVQDecoder = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./layers.js") : window.LatentLayers);
