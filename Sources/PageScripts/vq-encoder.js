// The VQ-VAE's encoder (chapter 3), as the page scripts run it: two convolutions (kernel 4, stride
// 2, padding 1) take a 28 × 28 image to 14 × 14 × 32 (ReLU) and then to a 7 × 7 grid of 32-number
// vectors, and each vector becomes the token of its nearest codebook row. This is how chapter 5's
// page turns what a reader draws into the 49 tokens its model reads. The weights are the ones the
// chapter run wrote from the VQ-VAE's checkpoint; a test runs this file under Node against Swift's
// `VQVAE.encode` and `tokens`.
"use strict";

(function (exports, page, layers) {
  // The encoder of `arrays` as a function of an image (grey-levels in [0, 1], row-major): its
  // vectors ([cells, width], row after row) and their tokens.
  function encoderOf(arrays) {
    const weights = (name) => page.arrayOf(arrays[name]);
    const conv1 = [weights("encoder.conv1.weight"), weights("encoder.conv1.bias")], conv2 = [weights("encoder.conv2.weight"), weights("encoder.conv2.bias")];
    const codebook = weights("quantizer.codebook"), [entries, width] = arrays["quantizer.codebook"].shape;
    // ‖c‖² of each codebook row: the nearest row minimises ‖c‖² − 2·v·c (‖v‖² is the same for all).
    const norms = Array.from({ length: entries }, (_, entry) => {
      let total = 0;
      for (let l = 0; l < width; l++) total += codebook[entry * width + l] ** 2;
      return total;
    });
    return function encode(image) {
      const side = Math.round(Math.sqrt(image.length));
      const hidden = layers.conv2d(image, side, 1, conv1[0], conv1[1], 4, 2, 1);
      layers.reluInPlace(hidden.values);
      const features = layers.conv2d(hidden.values, hidden.side, hidden.channels, conv2[0], conv2[1], 4, 2, 1);
      const cells = features.side * features.side, tokens = [];
      for (let cell = 0; cell < cells; cell++) {
        let best = 0, bestDistance = Infinity;
        for (let entry = 0; entry < entries; entry++) {
          let dot = 0;
          for (let l = 0; l < width; l++) dot += features.values[cell * width + l] * codebook[entry * width + l];
          const distance = norms[entry] - 2 * dot;
          if (distance < bestDistance) { bestDistance = distance; best = entry; }
        }
        tokens.push(best);
      }
      return { vectors: features.values, tokens };
    };
  }

  exports.encoderOf = encoderOf;
})(typeof module !== "undefined" ? module.exports : (window.LatentVQEncoder = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./layers.js") : window.LatentLayers);
