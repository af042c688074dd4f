// Chapter 5's model of words and patches as the page scripts run it: one transformer
// (transformer.js) over one vocabulary of image codes, markers and caption words, which writes an
// image after a caption and a caption after an image (Sources/Captions/SequenceLayout.swift):
//
//     caption → image:  <caption> a bold seven leaning right </caption> <image> t₁ … t₄₉
//     image → caption:  <image> t₁ … t₄₉ </image> <caption> a bold seven leaning right </caption>
//
// The run ships the words with their tokens and the markers' tokens, so nothing here assumes the
// vocabulary's order. A test runs the model under Node against the Swift one's logits.
"use strict";

(function (exports, page, transformer, sampling) {
  // The model and vocabulary of `data`.
  function modelOf(data) {
    const bytes = (name) => Array.from(page.arrayOf(data.arrays[name]));
    const [beginCaption, endCaption, beginImage, endImage] = bytes("markers");
    const words = data.strings.words, wordTokens = bytes("wordTokens");
    return {
      model: transformer.transformerOf(data.arrays, bytes("heads")[0]),
      words, imageCodes: data.arrays["quantizer.codebook"].shape[0], tokensPerImage: bytes("tokensPerImage")[0],
      markers: { beginCaption, endCaption, beginImage, endImage },
      tokenOfWord: new Map(words.map((word, index) => [word, wordTokens[index]])),
      wordOfToken: new Map(words.map((word, index) => [wordTokens[index], word])),
      // The prompt whose next-token logits are ℓ_uncond for guidance (none: no guidance).
      unconditional: data.arrays.unconditionalPrompt ? bytes("unconditionalPrompt") : null,
      // α of the plausibility bound the run drew its images with (0: none).
      plausibility: data.arrays.plausibility ? page.arrayOf(data.arrays.plausibility)[0] : 0,
    };
  }

  // A typed prompt's words as Swift's Vocabulary.words(of:) splits them: lower case, split on
  // white space, each comma a word of its own.
  function wordsOf(prompt) {
    return prompt.toLowerCase().replace(/,/g, " , ").split(/\s+/).filter((word) => word.length > 0);
  }

  // The tokens of a caption's words, or the words the model does not know.
  function captionTokens(vocabulary, words) {
    const unknown = words.filter((word) => !vocabulary.tokenOfWord.has(word));
    return unknown.length > 0 ? { unknown } : { tokens: words.map((word) => vocabulary.tokenOfWord.get(word)) };
  }

  // The known words that begin with `start` (all of them for an empty start), in vocabulary order.
  function completions(vocabulary, start) {
    return vocabulary.words.filter((word) => word.startsWith(start.toLowerCase()));
  }

  // A writer of an image's tokens after the caption `tokens`, drawn with `seed`, guided with scale
  // `scale` when the model has an unconditional prompt, within the run's plausibility bound
  // (sampling.writerOf).
  function imageWriter(vocabulary, tokens, seed, scale) {
    const { beginCaption, endCaption, beginImage } = vocabulary.markers;
    return sampling.writerOf(vocabulary.model, [beginCaption, ...tokens, endCaption, beginImage], {
      allowed: sampling.range(vocabulary.imageCodes), steps: vocabulary.tokensPerImage, seed, unconditional: vocabulary.unconditional, scale,
      plausibility: vocabulary.plausibility,
    });
  }

  // The caption the model writes after an image's tokens: the most likely word at each step,
  // among words and the caption's end, until it ends the caption (as chapter 5 captions test images).
  function caption(vocabulary, imageTokens) {
    const { beginImage, endImage, beginCaption, endCaption } = vocabulary.markers;
    const allowed = [...vocabulary.tokenOfWord.values(), endCaption];
    const writer = sampling.writerOf(vocabulary.model, [beginImage, ...imageTokens, endImage, beginCaption], { allowed, greedy: true, stop: endCaption });
    while (writer.more) writer.next();
    return writer.tokens.filter((token) => token !== endCaption).map((token) => vocabulary.wordOfToken.get(token));
  }

  // The captions the model was trained on, when the run ships its phrasings (`templates`, with W,
  // C and S for the weight, class and slant phrases): every phrasing with every class, weight and
  // slant, each as its words. The sentence writer offers only words that continue one of them and
  // refuses a caption that is none of them (the model never saw such a sequence, and draws noise).
  function grammarOf(data) {
    const strings = data.strings || {};
    if (!strings.templates || !strings.classWords || !strings.weightPhrases || !strings.slantPhrases) return null;
    const slots = { W: strings.weightPhrases, C: strings.classWords, S: strings.slantPhrases };
    let captions = [];
    for (const template of strings.templates) {
      let partial = [[]];
      for (const part of template.split(" ")) {
        const choices = slots[part] ? slots[part].map(wordsOf) : [[part]];
        partial = partial.flatMap((words) => choices.map((choice) => words.concat(choice)));
      }
      captions = captions.concat(partial);
    }
    const same = (a, b) => a.length === b.length && a.every((word, i) => word === b[i]);
    const startsWith = (caption, words) => words.length <= caption.length && words.every((word, i) => word === caption[i]);
    return {
      captions,
      // Whether `words` is a whole caption the model was trained on.
      accepts: (words) => captions.some((caption) => same(caption, words)),
      // Whether some trained caption begins with `words`.
      begins: (words) => captions.some((caption) => startsWith(caption, words)),
      // The words that may come next after `words`, in the vocabulary's order of first use.
      next: (words) => [...new Set(captions.filter((caption) => caption.length > words.length && startsWith(caption, words))
        .map((caption) => caption[words.length]))],
      // Every phrasing of one class, weight and slant, as sentences: what a refusal shows.
      phrasings: (classWords, weight = strings.weightPhrases[0], slant = strings.slantPhrases[1]) => strings.templates.map((template) =>
        captionText(template.split(" ").flatMap((part) => wordsOf(({ W: weight, C: classWords, S: slant })[part] || part)))),
    };
  }

  // A caption's words as a sentence: spaced, with each comma against the word before it (the model
  // writes the comma as a word of its own), as Swift's captionText does.
  function captionText(words) {
    return words.join(" ").replace(/ ,/g, ",");
  }

  Object.assign(exports, { modelOf, wordsOf, captionTokens, completions, imageWriter, caption, captionText, grammarOf });
})(typeof module !== "undefined" ? module.exports : (window.LatentWordsAndPatches = {}),
   typeof module !== "undefined" ? require("./page-data.js") : window.LatentPage,
   typeof module !== "undefined" ? require("./transformer.js") : window.LatentTransformer,
   typeof module !== "undefined" ? require("./sampling.js") : window.LatentSampling);
