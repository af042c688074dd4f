// Choosing the next token from a model's logits, and writing a sequence with them, as the Swift side does (sampleToken and
// mostLikelyToken in Sources/Models/TransformerBlock.swift): only among the allowed tokens, either
// drawn from their softmax or the most likely one. The random numbers come from a small seeded
// generator (mulberry32), so a seed shown on the page always writes the same image in any browser.
// (Swift draws its own random numbers, so a seed here does not write Swift's image of that seed.)
"use strict";

(function (exports) {
  // A generator of uniform numbers in [0, 1) from a 32-bit seed.
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

  // The tokens 0..<count, the usual allowed set for image codes.
  function range(count) {
    return Array.from({ length: count }, (_, token) => token);
  }

  // One token of `allowed` drawn from softmax(logits) over them, with one uniform number.
  function sample(logits, allowed, uniform) {
    let largest = -Infinity;
    for (const token of allowed) largest = Math.max(largest, logits[token]);
    const weights = allowed.map((token) => Math.exp(logits[token] - largest));
    let pick = uniform() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) if ((pick -= weights[k]) < 0) return allowed[k];
    return allowed[allowed.length - 1];
  }

  // The most likely token of `allowed` (the first of equals).
  function mostLikely(logits, allowed) {
    return allowed.reduce((best, token) => (logits[token] > logits[best] ? token : best), allowed[0]);
  }

  // Classifier-free guidance: ℓ = ℓ_uncond + s·(ℓ_cond − ℓ_uncond). s = 1 is the conditional
  // model alone; s > 1 pushes further in the direction the condition moves the logits. With a
  // `plausibility` α > 0, a token whose conditional probability is below α times that of the most
  // likely token of `allowed` is never drawn (its logit is −∞), as Swift's Guidance.mix does.
  function guided(conditional, unconditional, scale, plausibility = 0, allowed = null) {
    const mixed = conditional.map((value, token) => unconditional[token] + scale * (value - unconditional[token]));
    if (!(plausibility > 0)) return mixed;
    const candidates = allowed || conditional.map((_, token) => token);
    const floor = Math.fround(Math.max(...candidates.map((token) => conditional[token])) + Math.fround(Math.log(plausibility)));
    return mixed.map((value, token) => (conditional[token] < floor ? -Infinity : value));
  }

  // Writes up to `steps` tokens after `prompt` one at a time with `model` (transformer.js), through
  // its KV cache: each next() picks a token among `allowed` (drawn with the generator of `seed`, or
  // the most likely when `greedy`) and returns it. With an `unconditional` prompt and a guidance `scale`
  // s ≠ 1, a second cached sequence (the unconditional prompt followed by the same tokens) gives
  // ℓ_uncond, and the token is chosen from ℓ_uncond + s·(ℓ_cond − ℓ_uncond) within the plausibility
  // bound α (see `guided`). A token is fed back
  // only when the next one is asked for, so the last one never needs a position of its own.
  function writerOf(model, prompt, { allowed, steps = Infinity, seed = 0, greedy = false, unconditional = null, scale = 1, plausibility = 0, stop = null }) {
    const uniform = generatorOf(seed), written = [];
    const conditional = { session: model.start(), pending: prompt };
    const plain = unconditional && scale !== 1 ? { session: model.start(), pending: unconditional } : null;
    let finished = false;
    const logitsOf = (stream) => {
      const logits = stream.session.push(stream.pending);
      stream.pending = [];
      return logits;
    };
    return {
      // Whether another token is wanted and fits the model's positions, and no stop token was written.
      get more() { return !finished && written.length < steps && conditional.session.length + conditional.pending.length <= model.positions; },
      next() {
        let logits = logitsOf(conditional);
        // With s = 1 the conditional logits stand in for the unconditional ones (ℓ_c + 1·(ℓ_c − ℓ_c) = ℓ_c).
        if (plain || plausibility > 0) logits = guided(logits, plain ? logitsOf(plain) : logits, scale, plausibility, allowed);
        const token = greedy ? mostLikely(logits, allowed) : sample(logits, allowed, uniform);
        written.push(token);
        conditional.pending = [token];
        if (plain) plain.pending = [token];
        if (token === stop) finished = true;
        return token;
      },
      get tokens() { return written.slice(); },
    };
  }

  Object.assign(exports, { generatorOf, range, sample, mostLikely, guided, writerOf });
})(typeof module !== "undefined" ? module.exports : (window.LatentSampling = {}));
