//: # Steering and speed
//:
//: Make the model of words and patches follow its caption more closely with classifier-free guidance, choose how hard to steer on one draw and check the choice on another, and make drawing quick with a cache of keys and values.
//:
//: The previous chapter trained one model on captions and images in both orders. Sampled as
//: trained, it draws the asked-for digit most of the time (@words-and-patches/fig:plain-grid), but
//: not as often as we aimed for. Here
//: we restore that very model — nothing is trained in this chapter — and change only how it draws:
//: first how strictly it follows the words, then how fast it writes.
import Captions
import ChapterKit
import WordsAndPatchesKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "steering-and-speed")
let test = chapter.test
let trained = chapter.sharedWordsAndPatches()  // restored: chapter 5 trained it
let words = trained.words
let vqvae = words.vqvae, captioner = words.captioner, vocabulary = words.vocabulary, layout = words.layout
let model = words.model
let classifier = chapter.sharedClassifier()
let promptSet = PromptSet(words)
//: The aims are chapter 5's, in percent: the asked-for class nearly always, the asked-for weight and
//: slant three times out of four.
let classAim = 95.0, attributeAim = 75.0
//: @fold How the page records the aims and the number of prompts
chapter.metric("class_aim", classAim, format: "%.0f%%")
chapter.metric("attribute_aim", attributeAim, format: "%.0f%%")
chapter.metric("per_prompt", Double(promptSet.perPrompt), format: "%.0f")
chapter.metric("generated", Double(promptSet.askedFor.count), format: "%.0f")
chapter.metric("image_first_share", 100 * WordsAndPatches.imageFirstShare, format: "%.0f%%")
//: @end
//: ## Guidance: following the words more strictly
//:
//: Sampled as trained, the model draws what its training images looked like after such a caption,
//: and that includes the odd ambiguous digit. Text-to-image models that write image tokens
//: (Make-A-Scene, Parti, LlamaGen) sharpen this with *classifier-free guidance* [@ho2022]: they
//: compare the next-token logits with the prompt, $\ell_c$, and without it, $\ell_u$, and sample from
//:
//: $$\ell = \ell_u + s\,(\ell_c - \ell_u).$$ {#eq:guidance}
//:
//: With $s = 1$ this is plain sampling; $s > 1$ pushes every token further in the direction the
//: words push it. The usual recipe trains with the caption sometimes left out, to get $\ell_u$.
//: This model needs no such thing: {{metric.image_first_share}} of its training sequences begin with
//: `<image>` and nothing before it, so "the image tokens so far, after `<image>` alone" *is* an
//: image model without words. Both sequences receive the same sampled tokens, each in its own cache.
//:
//: @predict If s = 1 is plain sampling, what does s = 0 draw?
//: @answer With $s = 0$, @eq:guidance leaves $\ell_u$ alone: the model draws as if there were no
//: @answer caption at all, some digit of some weight and slant. Between 0 and 1 the words count for
//: @answer less than in training; above 1, for more.
//: A large $s$ has a known failure: $\ell_c - \ell_u$ is largest, and noisiest, for tokens that
//: *both* models find unlikely, so guidance can lift a patch neither would draw. We guard against it
//: as contrastive decoding does [@li2023]: a token whose probability after the caption is below $\alpha$ times
//: that of the most likely token is not drawn at all. We try $\alpha$ = {{text.plausibilities}}: the
//: larger, the fewer unlikely patches survive.
//: @include Sources/Models/Guidance.swift
let plausibilities: [Float] = [0.1, 0.3]
let scales: [Float] = [1, 1.5, 2, 3]
chapter.text("plausibilities", plausibilities.map { formatted($0, "%.1f") }.joined(separator: " and "))
//: ## The sweep: choosing s and α
//:
//: We draw all {{metric.generated}} images of chapter 5's prompts ({{metric.per_prompt}} for each
//: class, weight and slant) at every setting, with the same random numbers for every setting, so
//: that $s$ and $\alpha$ are the only differences, and judge them as chapter 5 did: the classifier
//: reads the class, the pixels give weight and slant. The first row is plain sampling (chapter 5's
//: drawing, the same images). "Distinct" counts how many of a prompt's images are different token
//: sequences; the pixel spread is the standard deviation of a pixel among a prompt's images,
//: averaged over pixels and prompts: the larger, the more the images vary.
/// Plain sampling first, then every scale at every bound.
let settings: [(s: Float, α: Float)] = [(1, 0)] + plausibilities.flatMap { α in scales.map { (s: $0, α: α) } }
let sweepDrawings = chapter.evaluateOrRestore("guidance sweep") {  // kept: a caption edit does not draw again
    settings.map { setting -> GuidedDrawing in
        var sampling = chapter.random("words-and-patches drawing")  // the same numbers at every setting
        return words.drawn(promptSet, guidedBy: setting.s, plausibility: setting.α, classifier: classifier,
                           using: &sampling)
    }
}
let plain = sweepDrawings[0], sweep = Array(sweepDrawings.dropFirst())
//: @fold How the page tabulates and plots the sweep
chapter.table(
    "Guidance against faithfulness and variety, first draw (\(promptSet.askedFor.count) images per row)",
    columns: ["s", "α", "class", "weight", "slant", "distinct of \(promptSet.perPrompt)", "pixel spread"],
    rows: sweepDrawings.map { drawing in
        [formatted(drawing.scale, "%.1f"), formatted(drawing.plausibility, "%.1f"),
         formatted(drawing.classAgreement, "%.1f%%"), formatted(drawing.weightAgreement, "%.1f%%"),
         formatted(drawing.slantAgreement, "%.1f%%"), formatted(drawing.distinctSequences, "%.1f"),
         formatted(drawing.pixelSpread, "%.3f")]
    }
)
chapter.figure("guidance-sweep", caption: "First draw: asked-for class recognised in the drawn images (percent) "
    + "against the guidance scale s, one colour for each plausibility bound α, with the aim dotted; dashed: variety, "
    + "as the pixel spread within a prompt's images relative to plain sampling (100%).") {
    LinePlot(series: plausibilities.enumerated().flatMap { colour, α -> [LinePlot.Series] in
        let row = [plain] + sweep.filter { $0.plausibility == α }
        let spread = row.map { (Double($0.scale), 100 * $0.pixelSpread / plain.pixelSpread) }
        let agreement = row.map { (Double($0.scale), $0.classAgreement) }
        return [.init(name: "class, α = \(formatted(α, "%.1f"))", points: agreement, colorIndex: colour),
                .init(name: "pixel spread, α = \(formatted(α, "%.1f"))", points: spread, dashed: true,
                      colorIndex: colour)]
    }, xLabel: "guidance scale s", yLabel: "percent", guides: [.init(label: "class aim", y: classAim)])
}
//: @end
/// Whether a share measured on this draw's images clears `aim` by two standard errors, so that the
/// luck of one draw cannot carry a setting over the line (1,800 independent images: about 0.5 points
/// at 95%; a prompt's twenty images are alike, so the real error is larger and the margin a floor).
func clears(_ share: Double, _ aim: Double) -> Bool {
    let p = share / 100, images = Double(promptSet.askedFor.count)
    return share - 200 * (p * (1 - p) / images).squareRoot() >= aim
}
func meetsAims(_ drawing: GuidedDrawing) -> Bool {
    clears(drawing.classAgreement, classAim)
        && Attribute.allCases.allSatisfy { clears(drawing.agreement($0), attributeAim) }
}
//: The choice, in code: of the settings that clear every aim by two standard errors of this draw
//: (about half a point at 95% over 1,800 images), the one with the largest pixel spread.
let mostFaithful = sweep.max { $0.classAgreement < $1.classAgreement } ?? plain
let chosen = sweep.filter(meetsAims).max { $0.pixelSpread < $1.pixelSpread } ?? mostFaithful
//: @fold How the page records the choice
chapter.metric("guidance_scale", Double(chosen.scale), format: "%.1f")
chapter.metric("chosen_plausibility", Double(chosen.plausibility), format: "%.1f")
chapter.metric("unguided_class_agreement", plain.classAgreement, format: "%.1f%%")
chapter.metric("first_draw_class_agreement", chosen.classAgreement, format: "%.1f%%")
chapter.metric("spread_unguided", plain.pixelSpread, format: "%.3f")
chapter.metric("spread_guided", chosen.pixelSpread, format: "%.3f")
chapter.text("guidance_reason", meetsAims(chosen)
    ? "of the settings at which class, weight and slant all clear their aims by two standard errors, "
        + "the one whose drawings vary most"
    : "no setting in the sweep met every aim, and this one drew the asked-for class most often")
chapter.claim("guidance_raises_class", chosen.classAgreement > plain.classAgreement,
              evidence: "\(formatted(chosen.classAgreement, "%.1f%%")) > "
                  + "\(formatted(plain.classAgreement, "%.1f%%")) unguided")
chapter.claim("guidance_costs_variety", chosen.pixelSpread < plain.pixelSpread,
              evidence: "pixel spread \(formatted(chosen.pixelSpread, "%.3f")) < "
                  + "\(formatted(plain.pixelSpread, "%.3f")) unguided")
//: @end
//: Read @fig:guidance-sweep's solid lines: the class agreement climbs with $s$ from
//: {{metric.unguided_class_agreement}} unguided, and the dashed lines fall: guidance trades variety
//: for faithfulness. So of the settings
//: whose drawings meet the aims (class {{metric.class_aim}}, weight and slant {{metric.attribute_aim}})
//: we take the one with the most variety, the largest pixel spread. "Meet" needs a margin: were the
//: 1,800 drawings independent, a share near 95% would have a standard error of about half a point
//: (they are not quite independent: twenty come from each prompt, so the true error is larger). A
//: setting must clear each aim by two of those standard errors, or a lucky draw could choose it.
//: We choose $s$ = {{metric.guidance_scale}} and $\alpha$ = {{metric.chosen_plausibility}}: {{text.guidance_reason}}.
//: {{claim.guidance_raises_class: At the chosen setting the classifier reads the asked-for class more
//: often than unguided ({{metric.first_draw_class_agreement}} against {{metric.unguided_class_agreement}}),}}
//: {{claim.guidance_costs_variety: and the images vary less: a pixel spread of {{metric.spread_guided}}
//: against {{metric.spread_unguided}}.}}
//:
//: ## A second, independent draw
//:
//: Even with that margin, the setting was chosen *because* its numbers on this draw were good, so
//: they flatter it: among eight settings, one that happened to draw well on these random numbers is
//: likelier to be picked.
//: An honest report draws again, at the chosen setting, with random numbers no choice has seen.
//: Everything below — the numbers, the grid of drawings and the exported images — comes from that
//: second draw.
//:
//: @predict Will the chosen setting do as well on the second draw as on the first?
//: @answer The class agreement is {{metric.prompt_class_agreement}} on the second draw against
//: @answer {{metric.first_draw_class_agreement}} on the first ({{metric.class_change}} points). A
//: @answer setting picked for its numbers on one draw carries that draw's luck; a fresh draw has none,
//: @answer which is why the choice asked each aim to be cleared by a margin.
let second = chapter.evaluateOrRestore("second draw") {
    var sampling = chapter.random("words-and-patches second draw")  // numbers the sweep never used
    return words.drawn(promptSet, guidedBy: chosen.scale, plausibility: chosen.plausibility, classifier: classifier,
                       using: &sampling)
}
//: @fold How the page scores the second draw and shows a few of its images
let generatedImages = rows(of: vqvae.decode(tokens: second.tokens.sequences.flatMap { $0 }))
let promptClass = chapter.metric("prompt_class_agreement", second.classAgreement, format: "%.1f%%")
let promptWeight = chapter.metric("prompt_weight_agreement", second.weightAgreement, format: "%.1f%%")
let promptSlant = chapter.metric("prompt_slant_agreement", second.slantAgreement, format: "%.1f%%")
chapter.metric("class_change", second.classAgreement - chosen.classAgreement, format: "%+.1f")
chapter.figure("prompt-grid", caption: "Second draw: images the model drew with guidance from the captions on the "
    + "left (the first 8 of 20 per prompt). Within a class, neighbouring rows differ in one word.") {
    promptSet.grid(of: generatedImages, captioner: captioner)
}
//: @end
//: Compare @fig:prompt-grid with @words-and-patches/fig:plain-grid, drawn from the same captions without guidance: the strays are
//: gone, and within a row the digits look more alike. On the second draw the classifier reads the
//: asked-for class in {{metric.prompt_class_agreement}} of the {{metric.generated}} images
//: ({{metric.class_change}} points from the first draw at the same setting); the asked-for weight is
//: measured on the pixels {{metric.prompt_weight_agreement}} of the time and the slant
//: {{metric.prompt_slant_agreement}}, against a chance of one in three.
//: @fold How the page sets each aim beside the second draw
let aims = [
    Aim(what: "class of an image drawn from words (chapter 1's classifier)", measured: promptClass, aim: classAim),
    Aim(what: "weight of an image drawn from words", measured: promptWeight, aim: attributeAim),
    Aim(what: "slant of an image drawn from words", measured: promptSlant, aim: attributeAim),
]
chapter.table("The drawing aims, measured on the second draw", columns: ["aim", "measured", "aim set", "met"],
              rows: aims.map { [$0.what, $0.measured, formatted($0.aim, "%.0f%%"), $0.verdict] })
let held = aims.allSatisfy(\.met)
chapter.claim("second_draw_meets_aims", held, evidence: aims.map { "\($0.what): \($0.measured.display) against "
    + formatted($0.aim, "%.0f%%") }.joined(separator: "; "))
//: @end
//: {{claim.second_draw_meets_aims: On the second draw every drawing aim holds: class, weight and
//: slant, each at or above the level we set.}} Where this sentence is struck through, the sweep's
//: margin at the chosen setting was within the luck of one draw, and the table says by how much.
//:
//: ## Your own samples
//:
//: Every image of the second draw is saved with what it was asked to show, so anyone can judge
//: them with their own tools: `generated-images-idx3-ubyte` (the IDX format of the MNIST files) and
//: `generated.json`, one `{"prompt", "class", "attributes", "guidance", "plausibility"}` entry per
//: image, in the same order. The project's `scripts/judge_generated.py` is such a judge: a
//: classifier of its own (nearest neighbours in a principal-component space, numpy only) and its
//: own moments of the ink.
//: @fold How the page writes the images and their prompts
let entries = promptSet.askedFor.map { asked in
    let attributes = Attribute.allCases.map { attribute in
        (attribute.rawValue, asked.levels[attribute].map { captioner.phrase(attribute, level: $0) } ?? "")
    }
    let prompt = captioner.words(for: asked, template: 0).joined(separator: " ")
    return GeneratedExport.Entry(prompt: prompt, class: asked.label,
                                 attributes: Dictionary(uniqueKeysWithValues: attributes),
                                 guidance: Double(chosen.scale), plausibility: Double(chosen.plausibility))
}
chapter.export { folder in
    try GeneratedExport.write(images: generatedImages, side: test.imageSide, entries: entries, to: folder)
    // The fingerprint ties the files to this run's record.
    chapter.text("generated_sha256", try GeneratedExport.fingerprint(in: folder))
}
chapter.note("Wrote \(entries.count) generated images to \(GeneratedExport.imagesFile) and their prompts to "
    + "\(GeneratedExport.promptsFile).")
//: @end
//: ## Write from a sentence
//:
//: The same model, with the weights of this run, runs in your browser in @live:sentence-writer: type a
//: caption and it writes the image token by token, with guidance. It opens on a caption and seed that this run
//: checked: written in Swift with the page's own random numbers, the image is read by chapter 1's
//: classifier as the asked-for class. Try the guidance slider at 1 and then at 3 with the same seed,
//: or change one word.
//: @fold How the page picks the opening caption and seed and ships the model to your browser
let tokenCounts = words.testTokens.reduce(into: [Int](repeating: 0, count: vqvae.codebookSize)) { $0[$1] += 1 }
let blank = tokenCounts.indices.max { tokenCounts[$0] < tokenCounts[$1] } ?? 0  // the commonest patch: empty background
// The captions the writer may open on, in order of preference: the first any of whose seeds draws right.
let openingCaptions = [(2, 2, 2), (7, 0, 1), (3, 1, 1), (5, 2, 1)].map { label, weight, slant in
    Description(label: label, levels: [.weight: weight, .slant: slant])
}
let checked = words.checkedOpening(scale: chosen.scale, plausibility: chosen.plausibility, classifier: classifier,
                                   captions: openingCaptions)
let opening = checked ?? CheckedOpening(
    caption: captionText(captioner.words(for: openingCaptions[0], template: 0)), seed: 1,
    tokens: words.pageImages(caption: words.captionTokens(openingCaptions[0], template: 0), seeds: [1],
                             scale: chosen.scale, plausibility: chosen.plausibility)[0])
chapter.claim("opening_checked", checked != nil, evidence: checked == nil
    ? "no seed from 1 to 12 of \(openingCaptions.count) captions drew right; opening on seed 1, unchecked"
    : "“\(opening.caption)”, seed \(opening.seed): read as asked by the classifier and the pixel measures")
chapter.metric("opening_seed", Double(opening.seed), format: "%.0f")
chapter.text("opening_caption", opening.caption)
chapter.liveFigure("sentence-writer", caption: "The model writing an image from your caption, token by token, in your "
    + "browser; the orange square is the newest patch. Words are offered in the order the captions use them; a "
    + "larger guidance s follows the caption more strongly.",
                   script: "Sources/PageScripts/sentence-writer.js") { page in
    words.ship(into: &page, blank: blank)
    page.bytes("unconditionalPrompt", [vocabulary.token(.beginImage)])  // image-first: the model with no caption
    page.floats("guidance", [chosen.scale], shape: [1])  // the page starts where the chapter chose s
    page.floats("guidanceRange", [scales.min() ?? 1, scales.max() ?? 3], shape: [2])  // the sweep's range
    page.floats("plausibility", [chosen.plausibility], shape: [1])
    page.strings("templates", Captioner.templates)
    page.strings("classWords", captioner.classPhrases.map { $0.joined(separator: " ") })
    page.strings("weightPhrases", Attribute.weight.phrases.map { $0.joined(separator: " ") })
    page.strings("slantPhrases", Attribute.slant.phrases.map { $0.joined(separator: " ") })
    page.strings("examples", [opening.caption])
    page.bytes("openingSeed", [opening.seed])
    page.bytes("openingTokens", opening.tokens)
}
//: @end
//: The writer opens on “{{text.opening_caption}}” with seed {{metric.opening_seed}}.
//: {{claim.opening_checked: The run drew that image in Swift with the page's own random numbers,
//: and the classifier and the pixel measures read it as asked.}}
//:
//: ## Why drawing is quick: a cache of keys and values
//:
//: The sweep of @fig:guidance-sweep wrote {{metric.written_tokens}} image tokens, most of them twice (with and without
//: the caption). Writing token $n + 1$ needs the model's prediction at position $n$ only, and under
//: causal attention nothing at positions before $n$ changes when a token is appended: their keys and
//: values stay what they were. So generation keeps each block's keys and values and, per new token,
//: computes one row per sequence: its query, key and value, attention from that query over the stored
//: keys, and the rest of the block on that row. Without the cache every step reruns the whole sequence
//: so far; for an image after a caption that is {{metric.positions_without_cache}} positions of work
//: instead of {{metric.positions_with_cache}}. Every language model's inference does this
//: [@vaswani2017].
//: @include Sources/Models/KeyValueCache.swift
//: @predict The cache does about 28 times less work per image here. Will drawing be 28 times as fast?
//: @answer Roughly, but not exactly: {{metric.cache_speedup}} times in this run. Counting positions is a
//: @answer rough guide. With the cache each step still runs the output layer and the sampling, which cost
//: @answer the same both ways and pull the speed-up below the count; without it, each step's attention
//: @answer grows with the square of the length, which pushes it above. Timings on a shared machine also
//: @answer vary from run to run, so this number moves between builds where the tokens do not.
let timedPrompts = Array(promptSet.prompts.prefix(2 * promptSet.perPrompt))
let imageCodes = Set(vocabulary.imageTokens)
var cachedSampling = chapter.random("cache timing"), recomputedSampling = chapter.random("cache timing")
var cached: [[Int]] = [], recomputed: [[Int]] = []
let clock = ContinuousClock()
let cachedTime = clock.measure {
    cached = model.continuations(of: timedPrompts, steps: vqvae.tokensPerImage, allowed: imageCodes,
                                 using: &cachedSampling)
}
let recomputedTime = clock.measure {
    recomputed = model.continuationsWithoutCache(of: timedPrompts, steps: vqvae.tokensPerImage, allowed: imageCodes,
                                                 using: &recomputedSampling)
}
//: @fold How the page records the timings and compares the tokens
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
let promptLength = timedPrompts[0].count
let writtenTokens = sweepDrawings.count * promptSet.askedFor.count * vqvae.tokensPerImage
chapter.metric("written_tokens", Double(writtenTokens), format: "%.0f")
chapter.metric("positions_with_cache", Double(promptLength + vqvae.tokensPerImage - 1), format: "%.0f")
chapter.metric("positions_without_cache", Double((0..<vqvae.tokensPerImage).map { promptLength + $0 }.reduce(0, +)),
               format: "%.0f")
chapter.metric("timed_images", Double(timedPrompts.count), format: "%.0f")
chapter.metric("seconds_with_cache", seconds(cachedTime), format: "%.3f")
chapter.metric("seconds_without_cache", seconds(recomputedTime), format: "%.3f")
chapter.metric("cache_speedup", seconds(recomputedTime) / seconds(cachedTime), format: "%.1f")
let equalTokens = zip(cached, recomputed).map { zip($0, $1).filter { $0 == $1 }.count }.reduce(0, +)
chapter.metric("cache_equal_tokens", 100 * Double(equalTokens) / Double(timedPrompts.count * vqvae.tokensPerImage),
               format: "%.2f%%")
chapter.claim("cache_same_tokens", equalTokens == timedPrompts.count * vqvae.tokensPerImage,
              evidence: "\(equalTokens) of \(timedPrompts.count * vqvae.tokensPerImage) tokens equal with and "
                  + "without the cache")
//: @end
//: Measured in this run on {{metric.timed_images}} images, with the same random numbers both ways:
//: {{metric.seconds_with_cache}} s with the cache against {{metric.seconds_without_cache}} s without,
//: {{metric.cache_speedup}} times as fast. {{claim.cache_same_tokens: Every token written with the
//: cache is the token written without it}} ({{metric.cache_equal_tokens}}; the two compute the same
//: sums in a different order, so a token could flip only where two candidates are a rounding error
//: apart).
//:
//: ## Recap
//:
//: - Classifier-free guidance mixes the logits with and without the caption,
//:   $\ell_u + s\,(\ell_c - \ell_u)$; this model gets $\ell_u$ for free from its image-first sequences.
//: - Guidance trades variety for faithfulness; a plausibility bound keeps it from lifting tokens
//:   neither model would draw.
//: - A setting chosen on one draw is reported on another: the numbers that chose it flatter it.
//: - A cache of keys and values makes each new token cost one row of work instead of the whole
//:   sequence, and writes the same tokens.
//:
//: ## Exercises
//:
//: 1. **A milder class aim.** Change `let classAim = 95.0` to `90.0` and run `latent build`. Nothing
//:    trains, but the sweep is drawn again (same random numbers, so the same images) and judged anew.
//:    With the aim lower, a setting with a smaller $s$ or $\alpha$ may clear every aim by its margin, and
//:    the choice goes to the one that varies most: watch whether $s$ and $\alpha$ change, and whether the
//:    sentence that says guidance costs variety still holds with a smaller gap. `latent changes` lists the
//:    chosen setting, the second draw's numbers and the figures that moved.
//: 2. **A shorter sweep.** Change `let scales: [Float] = [1, 1.5, 2, 3]` to `[1, 1.5]`. Watch
//:    @fig:guidance-sweep and the sweep's table lose their larger $s$, and whether any setting left clears
//:    the class aim by two standard errors; if none does, the chapter says so and takes the most faithful
//:    one. Then watch whether the sentence that says every drawing aim holds on the second draw is struck
//:    through: a setting that only just reaches the aim on one draw is a coin toss on the next.
//: 3. **Time fewer images.** In the `timedPrompts` line, change `prefix(2 * promptSet.perPrompt)` to
//:    `prefix(promptSet.perPrompt)`. The timings shrink and the speed-up moves (it moves between runs
//:    anyway, as any timing does), but the sentence that says every token written with the cache is the
//:    token written without it should still hold: the cache changes the order of the sums, not what they
//:    are.
//:
//: **Where next:** this is the last chapter. The same recipe — tokens for images, one next-token
//: model for words and patches — scales to real captions and photographs in DALL·E and Chameleon
//: [@ramesh2021; @chameleon2024].
//: [All chapters](../index.html)
chapter.finish()
