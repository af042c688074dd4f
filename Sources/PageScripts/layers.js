// The layers the page scripts' models are made of, written out as the Swift engine computes them
// (Sources/Learning): each takes and returns plain typed arrays, rows one after another. Every
// figure that runs a model uses these, so a layer is written once; tests under Node compare the
// models built from them with Swift's on fixtures.
"use strict";

(function (exports) {
  // A Linear layer on each of `rows` rows: out[r, j] = bias[j] + Σᵢ x[r, i]·weight[i·outputs + j]
  // (Swift keeps a Linear weight as [inputs, outputs]). Inputs that are 0 are skipped: a ReLU's
  // output is half zeros.
  function linear(x, rows, weight, bias) {
    const outputs = bias.length, inputs = weight.length / outputs, out = new Float64Array(rows * outputs);
    for (let r = 0; r < rows; r++) {
      out.set(bias, r * outputs);
      for (let i = 0; i < inputs; i++) {
        const value = x[r * inputs + i];
        if (value === 0) continue;
        const row = i * outputs, at = r * outputs;
        for (let j = 0; j < outputs; j++) out[at + j] += value * weight[row + j];
      }
    }
    return out;
  }

  // Each row to mean 0 and variance 1 (ε = 10⁻⁵), then times gain plus bias.
  function layerNorm(x, rows, gain, bias) {
    const width = gain.length, out = new Float64Array(x.length);
    for (let r = 0; r < rows; r++) {
      let mean = 0, variance = 0;
      for (let j = 0; j < width; j++) mean += x[r * width + j];
      mean /= width;
      for (let j = 0; j < width; j++) variance += (x[r * width + j] - mean) ** 2;
      const inverse = 1 / Math.sqrt(variance / width + 1e-5);
      for (let j = 0; j < width; j++) out[r * width + j] = (x[r * width + j] - mean) * inverse * gain[j] + bias[j];
    }
    return out;
  }

  // GELU in the tanh form the engine uses.
  function gelu(x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }

  // max(x, 0) on every value, in place.
  function reluInPlace(values) {
    for (let i = 0; i < values.length; i++) values[i] = Math.max(values[i], 0);
    return values;
  }

  function sigmoid(x) {
    return 1 / (1 + Math.exp(-x));
  }

  // A convolution (kernel k, stride, padding) of an image [side, side, channels] as Swift's conv2d
  // computes it: output (oy, ox) is bias + Σ over taps (ky, kx) inside the image and channels c of
  // input[oy·stride − padding + ky, ox·stride − padding + kx, c] · weight[((ky·k + kx)·channels + c)·outputs + o]
  // (weight is [k·k·channels, outputs], taps row-major, channels inside).
  function conv2d(input, side, channels, weight, bias, kernel, stride, padding) {
    const outputs = bias.length, outSide = Math.floor((side + 2 * padding - kernel) / stride) + 1;
    const output = new Float64Array(outSide * outSide * outputs);
    for (let oy = 0; oy < outSide; oy++) {
      for (let ox = 0; ox < outSide; ox++) {
        const at = (oy * outSide + ox) * outputs;
        output.set(bias, at);
        for (let ky = 0; ky < kernel; ky++) {
          const y = oy * stride - padding + ky;
          if (y < 0 || y >= side) continue;
          for (let kx = 0; kx < kernel; kx++) {
            const x = ox * stride - padding + kx;
            if (x < 0 || x >= side) continue;
            for (let c = 0; c < channels; c++) {
              const value = input[(y * side + x) * channels + c];
              if (value === 0) continue;
              const row = ((ky * kernel + kx) * channels + c) * outputs;
              for (let o = 0; o < outputs; o++) output[at + o] += value * weight[row + o];
            }
          }
        }
      }
    }
    return { values: output, side: outSide, channels: outputs };
  }

  // A transposed convolution as the Swift op computes it: every input position (h, w) adds
  // input[h, w, :] · weight[:, tap, :] into the output pixel (h·stride − padding + ky, w·stride −
  // padding + kx) of each tap (ky, kx) that lands inside the image; weight is [inputs, k·k·outputs],
  // taps row-major with the output channels inside. Images are [height, width, channels].
  function transposedConv2d(input, side, channels, weight, bias, kernel, stride, padding) {
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

  Object.assign(exports, { linear, layerNorm, gelu, reluInPlace, sigmoid, conv2d, transposedConv2d });
})(typeof module !== "undefined" ? module.exports : (window.LatentLayers = {}));
