// The patch writer of chapter 4: pick a class and a seed, press generate, and the chapter's
// transformer prior writes an image's 49 tokens one at a time, here, in your browser; the VQ-VAE's
// decoder (vq-decoder.js) draws the image so far after each token.
//
// The prior is the chapter's own, with the weights its run wrote from its checkpoint (hashed in
// run.json): token and position embeddings, pre-norm blocks (layer norm, causal multi-head
// attention, layer norm, GELU MLP, each added back), a final layer norm and a layer that scores the
// 64 possible next tokens. A test runs this file under Node against the Swift model's logits.
"use strict";

(function (exports, page, vq) {
  // A Linear layer on each of `rows` rows: out[r, j] = bias[j] + Σᵢ x[r, i]·weight[i·outputs + j].
  function linear(x, rows, weight, bias) {
    const outputs = bias.length, inputs = weight.length / outputs, out = new Float64Array(rows * outputs);
    for (let r = 0; r < rows; r++) {
      out.set(bias, r * outputs);
      for (let i = 0; i < inputs; i++) {
        const value = x[r * inputs + i], row = i * outputs;
        for (let j = 0; j < outputs; j++) out[r * outputs + j] += value * weight[row + j];
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

  // Causal attention: position i of each head attends to positions j ≤ i with softmax(q·k/√dₕ).
  function attention(qkv, length, width, heads) {
    const d = width / heads, stride = 3 * width, out = new Float64Array(length * width), scores = new Float64Array(length);
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < length; i++) {
        let largest = -Infinity;
        for (let j = 0; j <= i; j++) {
          let dot = 0;
          for (let l = 0; l < d; l++) dot += qkv[i * stride + h * d + l] * qkv[j * stride + width + h * d + l];
          scores[j] = dot / Math.sqrt(d);
          largest = Math.max(largest, scores[j]);
        }
        let total = 0;
        for (let j = 0; j <= i; j++) total += (scores[j] = Math.exp(scores[j] - largest));
        for (let j = 0; j <= i; j++) {
          for (let l = 0; l < d; l++) out[i * width + h * d + l] += scores[j] / total * qkv[j * stride + 2 * width + h * d + l];
        }
      }
    }
    return out;
  }

  function gelu(x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }

  // The prior of `arrays` (named as in its checkpoint) as a function of a token sequence: the
  // next-token logits at every position, [length, vocabulary].
  function priorOf(arrays, heads) {
    const get = (name) => page.arrayOf(arrays[`transformer.${name}`]);
    const tokens = get("tokenEmbedding"), positions = get("positionEmbedding"), width = arrays["transformer.tokenEmbedding"].shape[1];
    const blocks = [];
    while (arrays[`transformer.blocks.${blocks.length}.expand.weight`]) {
      const b = (name) => get(`blocks.${blocks.length}.${name}`);
      blocks.push({
        norm1: [b("attentionNorm.gain"), b("attentionNorm.bias")], qkv: [b("queriesKeysValues.weight"), b("queriesKeysValues.bias")],
        out: [b("attentionOutput.weight"), b("attentionOutput.bias")], norm2: [b("mlpNorm.gain"), b("mlpNorm.bias")],
        expand: [b("expand.weight"), b("expand.bias")], contract: [b("contract.weight"), b("contract.bias")],
      });
    }
    const finalNorm = [get("finalNorm.gain"), get("finalNorm.bias")], output = [get("output.weight"), get("output.bias")];
    return function logits(sequence) {
      const length = sequence.length;
      let x = new Float64Array(length * width);
      sequence.forEach((token, i) => {
        for (let j = 0; j < width; j++) x[i * width + j] = tokens[token * width + j] + positions[i * width + j];
      });
      for (const block of blocks) {
        const attended = linear(attention(linear(layerNorm(x, length, ...block.norm1), length, ...block.qkv), length, width, heads), length, ...block.out);
        for (let i = 0; i < x.length; i++) x[i] += attended[i];
        const hidden = linear(layerNorm(x, length, ...block.norm2), length, ...block.expand).map(gelu);
        const mlp = linear(hidden, length, ...block.contract);
        for (let i = 0; i < x.length; i++) x[i] += mlp[i];
      }
      return linear(layerNorm(x, length, ...finalNorm), length, ...output);
    };
  }

  // A small seeded generator (mulberry32): the same seed gives the same image.
  function generatorOf(seed) {
    let state = seed >>> 0;
    return function uniform() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // One token drawn from softmax(logits) with one uniform number.
  function sample(logits, uniform) {
    const largest = Math.max(...logits), weights = Array.from(logits, (value) => Math.exp(value - largest));
    let pick = uniform() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) if ((pick -= weights[k]) < 0) return k;
    return weights.length - 1;
  }

  // Writes an image of class `label` one token at a time: the sequence starts with the class token,
  // and each call of next() draws a token from the prediction at the last position so far.
  function writerOf(logits, vocabulary, label, seed) {
    const uniform = generatorOf(seed), sequence = [vocabulary + label];
    return {
      next() {
        const all = logits(sequence), last = all.subarray((sequence.length - 1) * vocabulary, sequence.length * vocabulary);
        const token = sample(last, uniform);
        sequence.push(token);
        return token;
      },
      get tokens() { return sequence.slice(1); },
    };
  }

  // The `length` tokens of a whole image at once.
  function write(logits, vocabulary, label, length, seed) {
    const writer = writerOf(logits, vocabulary, label, seed);
    for (let step = 0; step < length; step++) writer.next();
    return writer.tokens;
  }

  exports.priorOf = priorOf;
  exports.write = write;

  // ---- The figure on the page ----------------------------------------------------------------

  function mount(figure, data) {
    const element = page.element, heads = page.arrayOf(data.arrays.heads)[0], blank = page.arrayOf(data.arrays.blank)[0];
    const logits = priorOf(data.arrays, heads), decode = vq.decoderOf(data.arrays);
    const vocabulary = data.arrays["transformer.output.bias"].shape[0], names = data.strings.classNames;
    const [paper, pencil] = data.digitColors[page.prefersDark() ? "dark" : "light"].map(page.rgb);
    const app = figure.querySelector(".live-app");
    app.innerHTML = "";
    const classes = element("div", { class: "token-digits", role: "group", "aria-label": "Class" });
    const controls = element("div", { class: "film-controls" });
    const seedLabel = element("label", {});
    const seedInput = element("input", { type: "number", min: "0", step: "1", value: "1", style: "width: 6em" });
    seedLabel.append("seed ", seedInput);
    const go = element("button", { type: "button" });
    go.textContent = "generate";
    controls.append(seedLabel, go);
    const image = element("canvas", { class: "decoded", role: "img", "aria-label": "The image written so far" });
    image.width = image.height = 224;
    const pictures = element("div", { class: "live-pictures" });
    pictures.append(image);
    const readout = element("p", { class: "readout", "aria-live": "polite" });
    app.append(classes, controls, pictures, readout);

    let label = 0, running = null;
    const buttons = names.map((name, index) => {
      const button = element("button", { type: "button", "aria-pressed": String(index === 0) });
      button.textContent = name;
      button.addEventListener("click", () => {
        label = index;
        buttons.forEach((other, i) => other.setAttribute("aria-pressed", String(i === index)));
      });
      classes.append(button);
      return button;
    });

    function show(tokens, total) {
      const grid = tokens.concat(new Array(total - tokens.length).fill(blank));
      page.drawImage(image, decode(grid), 28, paper, pencil);
      if (tokens.length > 0 && tokens.length < total) {  // the newest patch, as in the chapter's strip
        const cell = image.width / 7, newest = tokens.length - 1, context = image.getContext("2d");
        context.strokeStyle = page.prefersDark() ? "#f0883e" : "#b34700";
        context.lineWidth = 3;
        context.strokeRect((newest % 7) * cell + 1.5, Math.floor(newest / 7) * cell + 1.5, cell - 3, cell - 3);
      }
    }

    // One token per tick, so the image grows patch by patch as it is written.
    go.addEventListener("click", () => {
      if (running) clearTimeout(running);
      const seed = Math.max(0, Math.floor(Number(seedInput.value) || 0)), total = data.arrays["transformer.positionEmbedding"].shape[0];
      const writer = writerOf(logits, vocabulary, label, seed), name = names[label];
      figure.dataset.done = "false";
      (function next() {
        writer.next();
        const tokens = writer.tokens;
        show(tokens, total);
        if (tokens.length < total) {
          readout.textContent = `${name}, seed ${seed}: token ${tokens.length} of ${total}`;
          running = setTimeout(next, 30);
          return;
        }
        running = null;
        figure.dataset.tokens = tokens.join(",");
        figure.dataset.done = "true";
        readout.textContent = `${name}, seed ${seed}: all ${total} tokens written`;
      })();
    });
    figure.classList.add("live-ready");
    show([], 49);
    readout.textContent = "Choose a class and a seed, then generate.";
  }

  exports.mount = mount;

  page.mountFigures("patch-writer.js", mount);
})(typeof module !== "undefined" ? module.exports : (window.LatentPatchWriter = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./vq-decoder.js") : window.LatentVQDecoder);
