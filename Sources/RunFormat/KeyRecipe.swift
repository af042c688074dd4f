/// How every key of a kept result is made: a chapter program uses it when it trains or evaluates,
/// and `latent build --dry-run` uses it to predict what the program will do. One recipe, so the
/// prediction cannot drift from the run (a component added here is added to both).
///
/// A key is the digest (`DependencyAnalysis.key`) of a dictionary of components; the components
/// are named so that a changed key can say which of them changed.
public enum KeyRecipe {
    /// What the run itself decides, which every kept result depends on: the data's fingerprint,
    /// seed, threads, toolchain and the digests of earlier chapters' results read so far
    /// (`resultsRead`, by slug; empty for a shared training, whose library code cannot read them).
    public static func run(data: String, seed: UInt64, threads: Int, toolchain: String,
                           resultsRead: [String: String]) -> [String: String] {
        var components = ["data": data, "seed": "\(seed)", "threads": "\(threads)", "toolchain": toolchain]
        for (other, digest) in resultsRead { components[resultsComponent(other)] = digest }
        return components
    }

    /// The component that holds the digest of `slug`'s results.
    public static func resultsComponent(_ slug: String) -> String { "results of \(slug)" }

    /// The slug a component names, if it is one of `resultsComponent`'s.
    public static func resultsSlug(_ component: String) -> String? {
        component.hasPrefix("results of ") ? String(component.dropFirst("results of ".count)) : nil
    }

    /// A training's key components: its code's (`DependencyAnalysis.trainingDependencies` or
    /// `sharedTrainingDependencies`), the run's, and what the call itself says.
    public static func training(code: [String: String], run: [String: String], model: String, epochs: Int,
                                settings: String, checkpointFormat: String) -> [String: String] {
        var components = code.merging(run) { $1 }
        components["model"] = model
        components["epochs"] = "\(epochs)"
        components["settings"] = settings
        components["checkpoint format"] = checkpointFormat
        return components
    }

    /// A kept evaluation's key components: its code's, the run's, its name, and the key of every
    /// model trained or restored before it (`modelKeys`, by model name): new weights, new result.
    public static func evaluation(code: [String: String], run: [String: String], name: String,
                                  modelKeys: [String: String]) -> [String: String] {
        var components = code.merging(run) { $1 }
        components["evaluation"] = name
        for (model, key) in modelKeys { components[modelComponent(model)] = key }
        return components
    }

    /// The component of an evaluation's key that holds `model`'s key.
    public static func modelComponent(_ model: String) -> String { "model \(model)" }

    /// Whether a component comes from code (a source file, a statement's text, the build
    /// settings) rather than from the run or the call: a prediction replaces all of these with
    /// the code's components as they are now.
    public static func isCodeComponent(_ component: String) -> Bool {
        component.hasPrefix("Sources/") || component == "code" || component == "build settings"
    }
}
