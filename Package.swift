// swift-tools-version:6.0
// Latent: a literate notebook that trains image auto-encoders and weaves their story into a site.
// The pipeline reads left to right: data → engine → figures → notebook → site (see docs/architecture.md).
import PackageDescription

/// Release builds drop bounds checks in our hot loops; debug builds (tests) keep every check.
/// Release builds also warn about any expression that takes the type checker over 500 ms, because
/// a chapter edit should recompile in seconds (`make test` fails on such an expression).
let fastRelease: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-Xfrontend", "-warn-long-expression-type-checking=500"], .when(configuration: .release)),
]

/// The libraries are optimised in debug builds too, keeping every check (`-O`, not `-Ounchecked`):
/// the tests run their real work — drawing every figure, reading every chapter's keys, training
/// the demo chapter through `latent` — and unoptimised Swift does it many times slower. Chapters
/// and the `latent` command stay unoptimised in debug builds, so they compile fast.
let library: [SwiftSetting] = fastRelease + [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// A chapter: an executable whose main.swift is also its page. Chapters are scripts whose top-level
/// state their helper functions use, so they compile in Swift 5 mode (no main-actor isolation).
func chapter(_ name: String, _ path: String) -> Target {
    .executableTarget(
        name: name, dependencies: ["ChapterKit", "WordsAndPatchesKit", "Notebook", "Learning", "Models", "Figures", "Datasets", "Captions"], path: path,
        swiftSettings: fastRelease + [.swiftLanguageMode(.v5)]
    )
}

let package = Package(
    name: "Latent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "latent", targets: ["latent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // C libraries, wrapped once each.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Fused elementwise kernels, compiled for the running CPU's vector width (see kernels.h);
        // the compute threads, and OpenBLAS's product cut between them (see parallel.h).
        .target(
            name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])],
            linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("pthread")]
        ),

        // data → engine → figures → notebook
        .target(name: "Integrity", dependencies: ["CCrypto"], swiftSettings: library),
        .target(name: "Datasets", dependencies: ["CZlib", "CKernels", "Integrity"], swiftSettings: library),
        .target(name: "Learning", dependencies: ["CKernels", "Integrity", "Datasets"], swiftSettings: library),
        .target(name: "Models", dependencies: ["Learning", "Datasets"], swiftSettings: library),
        // Chapter 5's captions: attributes measured from pixels, phrasings, one vocabulary for words
        // and image codes, the sequence layout, and the export of generated images.
        .target(name: "Captions", dependencies: ["Datasets", "Integrity"], swiftSettings: library),
        .target(name: "Figures", dependencies: ["CCairo", "Integrity"], swiftSettings: library),
        // The notebook in three parts, so the target graph says what a chapter program depends on:
        // the run format both sides share (run record, catalog, chapter source, fingerprints), the
        // chapter runtime chapter programs link (no Ink, no Plot), and the weaver only `latent` links.
        .target(name: "RunFormat", dependencies: ["Integrity", "Datasets"], swiftSettings: library),
        .target(name: "Notebook", dependencies: ["RunFormat", "Integrity", "Datasets", "Learning", "Figures"], swiftSettings: library),
        .target(name: "Weaver", dependencies: ["RunFormat", "Integrity", "Datasets", "Ink", "Plot"], swiftSettings: library),
        // What several chapters share that needs both the runtime and the models.
        .target(name: "ChapterKit", dependencies: ["Notebook", "Models", "Learning"], swiftSettings: library),
        // Chapters 5 and 6's one model of words and patches, trained once and restored by chapter 6.
        // A module of its own so chapters 1-4, which never import it, keep their keys.
        .target(name: "WordsAndPatchesKit", dependencies: ["ChapterKit", "Captions", "Notebook", "Models", "Learning", "Datasets", "Integrity", "Figures"],
                swiftSettings: library),
        .executableTarget(
            name: "latent",
            dependencies: [
                "Datasets", "Integrity", "Learning", "Models", "Figures", "Notebook", "RunFormat", "Weaver", "ChangeReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Plot",
            ],
            swiftSettings: fastRelease
        ),

        // The chapters: each is a program and an article (see chapters/catalog.json).
        chapter("Autoencoder", "chapters/01-autoencoder"),
        chapter("VariationalAutoencoder", "chapters/02-variational-autoencoder"),
        chapter("VQVAEChapter", "chapters/03-vq-vae"),
        chapter("PatchPriorChapter", "chapters/04-patch-prior"),
        chapter("WordsAndPatchesChapter", "chapters/05-words-and-patches"),
        chapter("SteeringAndSpeedChapter", "chapters/06-steering-and-speed"),
        // A demo chapter for the end-to-end tests, built like the real ones.
        .executableTarget(
            name: "DemoChapter", dependencies: ["Notebook", "Learning", "Figures"], path: "Tests/Fixtures/demo-chapter",
            swiftSettings: fastRelease
        ),

        // What several test targets share: the project root, one synthetic IDX writer, the CLI runner.
        .target(name: "TestSupport", dependencies: ["Datasets"], path: "Tests/TestSupport"),
        // One test target per module, named after it.
        .testTarget(name: "IntegrityTests", dependencies: ["Integrity"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Datasets"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "Learning", "Datasets", "TestSupport"]),
        .testTarget(name: "CaptionsTests", dependencies: ["Captions", "Models", "Learning", "Datasets"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "RunFormat"]),
        .testTarget(name: "RunFormatTests", dependencies: ["RunFormat", "Integrity", "TestSupport"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "RunFormat", "Weaver", "Integrity", "TestSupport"]),
        .testTarget(name: "WeaverTests", dependencies: ["Weaver", "RunFormat", "TestSupport"]),
        .testTarget(name: "ChangeReportTests", dependencies: ["ChangeReport"]),
        .testTarget(name: "LatentTests", dependencies: [
            "latent", "TestSupport", "ChangeReport", "Datasets", "Notebook", "RunFormat", "Weaver", "Integrity", "Captions", "Models", "Learning", "WordsAndPatchesKit",
        ]),
    ]
)

// What a build changed (metrics, table cells, figures' pixels, claims, paragraphs), reported after
// every build: a module of its own because comparing figures decodes PNGs with Cairo, which the
// weaver needs for nothing else. It is added here, after the list, so that the lines every model's
// key reads from this file (see `SourceSnapshot`) stay as they are: a module only `latent` links
// retrains nothing.
package.targets.append(.target(name: "ChangeReport", dependencies: ["RunFormat", "Integrity", "CCairo"]))
package.targets.first { $0.name == "Weaver" }?.dependencies.append("ChangeReport")
