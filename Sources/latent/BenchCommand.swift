import ArgumentParser
import Datasets
import Foundation
import Learning

/// `latent bench`: how fast the engine trains a reference model, against its BLAS floor.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the engine on pytorch/examples' MNIST VAE, or on chapter 4's transformer prior.",
        discussion: """
        vae: 784-400-20, BCE + KL, Adam 1e-3, batch 128 (scripts/pytorch_vae_reference.py is its \
        PyTorch side). prior: 2 pre-norm blocks, width 64, 4 heads, 49-token sequences, batch 64, \
        Adam 2e-3, on fixed patch tokens of MNIST (scripts/pytorch_prior_reference.py). Prints, per \
        epoch, the mean training and test loss (nats per image for the VAE, per token for the prior) \
        and the seconds of the training pass; then the seconds the same epoch's matrix products take \
        on their own (the floor) and the peak resident memory.
        """
    )

    enum Model: String, ExpressibleByArgument, CaseIterable {
        case vae, prior
    }

    @Option(help: "Which model to train: \(Model.allCases.map(\.rawValue).joined(separator: " or ")).")
    var model: Model = .vae

    @Option(help: "Epochs to train.")
    var epochs = 10

    @Option(help: "Threads for the matrix products.")
    var threads = 2

    @Option(help: "Seed for initial weights, batch order and sampling noise.")
    var seed: UInt64 = 1

    @Flag(inversion: .prefixedNo, help: "Time the epoch's matrix products alone after training (--no-floor skips it, e.g. to profile training only).")
    var floor = true

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Folder holding the MNIST IDX files (default: data/mnist).")
    var dataDirectory: String?

    @Flag(help: "Let OpenBLAS pick its kernel family for this CPU instead of the family chapters pin (to measure what the pin costs).")
    var nativeKernels = false

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be at least 1") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if !nativeKernels { BLAS.pinKernelFamily() }  // time what the chapters run
        ComputeThreads.set(threads)
        let train = try Dataset.mnist.load(.train, from: dataDirectory), test = try Dataset.mnist.load(.test, from: dataDirectory)
        if !json { print("epoch  train loss  test loss  seconds") }
        let show = { (epoch: BenchmarkEpoch) in
            guard !json else { return }
            print(String(format: "%5d  %10.4g  %9.4g  %7.2f", epoch.epoch, epoch.train_loss, epoch.test_loss, epoch.seconds))
        }
        let report = switch model {
        case .vae: try VAEBenchmark(train: train, test: test, seed: seed, timesFloor: floor).run(epochs: epochs, progress: show)
        case .prior: try PriorBenchmark(train: train, test: test, seed: seed, timesFloor: floor).run(epochs: epochs, progress: show)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            let parts = (report.gemm_parts ?? [:]).sorted { $0.key < $1.key }.map { String(format: "%@ %.2f s", $0.key, $0.value) }
            let floor = report.gemm_seconds.map { String(format: "GEMM floor for one epoch: %.2f s%@;  ", $0, parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")") }
            print((floor ?? "") + String(format: "peak RSS: %.0f MB;  threads: %d;  ", report.peak_rss_mb, report.threads)
                  + "OpenBLAS kernels: \(report.blas_kernels)")
        }
    }
}
