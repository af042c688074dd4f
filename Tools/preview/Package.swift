// swift-tools-version:6.0
// `latent preview`: serves the site on 127.0.0.1, rebuilds what changed, reloads the browser.
// A package of its own, so that building the site (`swift build` in the project) never compiles
// the HTTP server; `latent preview` builds this package the first time it is used.
import PackageDescription

let package = Package(
    name: "LatentPreview",
    platforms: [.macOS(.v13)],
    products: [.executable(name: "latent-preview", targets: ["LatentPreview"])],
    dependencies: [
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Watching, rebuilding, the status a page polls, and serving files: testable without a socket.
        .target(name: "PreviewCore", dependencies: [.product(name: "FlyingFox", package: "FlyingFox")]),
        .executableTarget(
            name: "LatentPreview",
            dependencies: ["PreviewCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "PreviewCoreTests", dependencies: ["PreviewCore"]),
    ]
)
