// The decoder-only transformer of chapters 4 and 5 (Sources/Models/TokenTransformer.swift), as the
// page scripts run it: token and position embeddings, pre-norm blocks (layer norm, causal
// multi-head attention, layer norm, GELU MLP, each added back), a final layer norm and a layer that
// scores every possible next token. The weights are the ones a chapter run wrote from its
// checkpoint, named as there (`transformer.blocks.0.expand.weight`).
//
// Generating keeps a KV cache, as every language model's inference does: each block's keys and
// values of the positions so far stay in memory, so a new token costs one position's work instead
// of the whole prefix again (a 49-token image: 49 positions computed instead of 1 + 2 + … + 49 =
// 1,225). The whole-sequence pass below is the same code on all rows at once, so the two give the
// same numbers; a test checks both against Swift's logits.
"use strict";

(function (exports, page, layers) {
  const { linear, layerNorm, gelu } = layers;

  // The transformer stored under `prefix` in `arrays`, with `heads` attention heads.
  function transformerOf(arrays, heads, prefix = "transformer") {
    const get = (name) => {
      const entry = arrays[`${prefix}.${name}`];
      if (!entry) throw new Error(`transformer: the page data has no array ${prefix}.${name}`);
      return page.arrayOf(entry);
    };
    const tokens = get("tokenEmbedding"), positionEmbedding = get("positionEmbedding");
    const [, width] = arrays[`${prefix}.tokenEmbedding`].shape, positions = arrays[`${prefix}.positionEmbedding`].shape[0];
    const blocks = [];
    while (arrays[`${prefix}.blocks.${blocks.length}.expand.weight`]) {
      const b = (name) => get(`blocks.${blocks.length}.${name}`);
      blocks.push({
        norm1: [b("attentionNorm.gain"), b("attentionNorm.bias")], qkv: [b("queriesKeysValues.weight"), b("queriesKeysValues.bias")],
        out: [b("attentionOutput.weight"), b("attentionOutput.bias")], norm2: [b("mlpNorm.gain"), b("mlpNorm.bias")],
        expand: [b("expand.weight"), b("expand.bias")], contract: [b("contract.weight"), b("contract.bias")],
      });
    }
    const finalNorm = [get("finalNorm.gain"), get("finalNorm.bias")], output = [get("output.weight"), get("output.bias")];
    const vocabulary = output[1].length, d = width / heads, root = Math.sqrt(d);

    // An empty cache: per block, room for the keys and values of every position.
    function emptyCache() {
      return { length: 0, keys: blocks.map(() => new Float64Array(positions * width)), values: blocks.map(() => new Float64Array(positions * width)) };
    }

    // Runs `sequence` (tokens at positions cache.length, cache.length + 1, …) through the model,
    // adding their keys and values to the cache; returns the next-token logits of each, [rows, vocabulary].
    function forward(sequence, cache) {
      const rows = sequence.length, first = cache.length;
      if (first + rows > positions) throw new Error(`transformer: ${first + rows} tokens, but the model has only ${positions} positions`);
      const x = new Float64Array(rows * width);
      sequence.forEach((token, r) => {
        for (let j = 0; j < width; j++) x[r * width + j] = tokens[token * width + j] + positionEmbedding[(first + r) * width + j];
      });
      blocks.forEach((block, index) => {
        const qkv = linear(layerNorm(x, rows, ...block.norm1), rows, ...block.qkv);
        const keys = cache.keys[index], values = cache.values[index];
        for (let r = 0; r < rows; r++) {
          keys.set(qkv.subarray(r * 3 * width + width, r * 3 * width + 2 * width), (first + r) * width);
          values.set(qkv.subarray(r * 3 * width + 2 * width, (r + 1) * 3 * width), (first + r) * width);
        }
        const attended = new Float64Array(rows * width);
        for (let r = 0; r < rows; r++) attend(qkv.subarray(r * 3 * width, r * 3 * width + width), keys, values, first + r + 1, attended.subarray(r * width, (r + 1) * width));
        const mixed = linear(attended, rows, ...block.out);
        for (let i = 0; i < x.length; i++) x[i] += mixed[i];
        const hidden = linear(layerNorm(x, rows, ...block.norm2), rows, ...block.expand).map(gelu);
        const mlp = linear(hidden, rows, ...block.contract);
        for (let i = 0; i < x.length; i++) x[i] += mlp[i];
      });
      cache.length = first + rows;
      return linear(layerNorm(x, rows, ...finalNorm), rows, ...output);
    }

    // One query row (all heads) against the first `length` cached keys and values: each head's
    // output is Σⱼ softmax(q·kⱼ/√dₕ) vⱼ, causal because only positions so far are in the cache.
    function attend(query, keys, values, length, into) {
      const scores = new Float64Array(length);
      for (let h = 0; h < heads; h++) {
        let largest = -Infinity;
        for (let j = 0; j < length; j++) {
          let dot = 0;
          for (let l = 0; l < d; l++) dot += query[h * d + l] * keys[j * width + h * d + l];
          scores[j] = dot / root;
          largest = Math.max(largest, scores[j]);
        }
        let total = 0;
        for (let j = 0; j < length; j++) total += (scores[j] = Math.exp(scores[j] - largest));
        for (let j = 0; j < length; j++) {
          const weight = scores[j] / total;
          for (let l = 0; l < d; l++) into[h * d + l] += weight * values[j * width + h * d + l];
        }
      }
    }

    return {
      vocabulary, positions, width, heads,
      // The next-token logits at every position of `sequence`, [length, vocabulary], in one pass.
      logits(sequence) { return forward(sequence, emptyCache()); },
      // A generation: push(tokens) adds tokens after those so far and returns the logits after the
      // last of them; earlier positions are never recomputed.
      start() {
        const cache = emptyCache();
        return {
          push(more) {
            const all = forward(more, cache);
            return all.subarray((more.length - 1) * vocabulary);
          },
          get length() { return cache.length; },
        };
      },
    };
  }

  exports.transformerOf = transformerOf;
})(typeof module !== "undefined" ? module.exports : (window.LatentTransformer = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./layers.js") : window.LatentLayers);
