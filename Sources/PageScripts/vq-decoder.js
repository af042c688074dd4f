// The VQ-VAE's decoder (chapter 3), as the page scripts run it: each token is replaced by its
// codebook row (32 numbers), and two transposed convolutions (kernel 4, stride 2, padding 1) take the
// 7 × 7 grid to 14 × 14 × 32 (ReLU) and then to 28 × 28 logits (sigmoid). The weights are the ones a
// chapter run wrote from its checkpoint. A test runs this file under Node against the Swift decoder.
"use strict";

(function (exports, page) {
  // A transposed convolution as the Swift op computes it: every input position (h, w) adds
  // input[h, w, :] · weight[:, tap, :] into the output pixel (h·stride − padding + ky, w·stride −
  // padding + kx) of each tap (ky, kx) that lands inside the image; weight is [inputs, k·k·outputs],
  // taps row-major with the output channels inside. Images are [height, width, channels].
  function transposedConvolution(input, side, channels, weight, bias, kernel, stride, padding) {
    const outputs = bias.length, outSide = (side - 1) * stride - 2 * padding + kernel, taps = kernel * kernel * outputs;
    const output = new Float64Array(outSide * outSide * outputs), column = new Float64Array(taps);
    for (let position = 0; position < outSide * outSide; position++) output.set(bias, position * outputs);
    for (let h = 0; h < side; h++) {
      for (let w = 0; w < side; w++) {
        column.fill(0);
        for (let c = 0; c < channels; c++) {
          const x = input[(h * side + w) * channels + c];
          if (x === 0) continue;
          for (let j = 0; j < taps; j++) column[j] += x * weight[c * taps + j];
        }
        for (let ky = 0; ky < kernel; ky++) {
          const y = h * stride - padding + ky;
          if (y < 0 || y >= outSide) continue;
          for (let kx = 0; kx < kernel; kx++) {
            const x = w * stride - padding + kx;
            if (x < 0 || x >= outSide) continue;
            for (let o = 0; o < outputs; o++) output[(y * outSide + x) * outputs + o] += column[(ky * kernel + kx) * outputs + o];
          }
        }
      }
    }
    return { values: output, side: outSide, channels: outputs };
  }

  // The decoder of `arrays` as a function of 49 tokens: the image, 784 grey-levels in (0, 1).
  function decoderOf(arrays) {
    const codebook = page.arrayOf(arrays["quantizer.codebook"]), width = arrays["quantizer.codebook"].shape[1];
    const up1 = [page.arrayOf(arrays["decoder.up1.weight"]), page.arrayOf(arrays["decoder.up1.bias"])];
    const up2 = [page.arrayOf(arrays["decoder.up2.weight"]), page.arrayOf(arrays["decoder.up2.bias"])];
    return function decode(tokens) {
      const grid = new Float64Array(tokens.length * width), side = Math.round(Math.sqrt(tokens.length));
      tokens.forEach((token, cell) => grid.set(codebook.subarray(token * width, (token + 1) * width), cell * width));
      const hidden = transposedConvolution(grid, side, width, up1[0], up1[1], 4, 2, 1);
      for (let i = 0; i < hidden.values.length; i++) hidden.values[i] = Math.max(hidden.values[i], 0);
      const logits = transposedConvolution(hidden.values, hidden.side, hidden.channels, up2[0], up2[1], 4, 2, 1);
      return Float32Array.from(logits.values, (value) => 1 / (1 + Math.exp(-value)));
    };
  }

  exports.decoderOf = decoderOf;

  exports.decoderOf = decoderOf;
})(typeof module !== "undefined" ? module.exports : (window.LatentVQDecoder = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage);
