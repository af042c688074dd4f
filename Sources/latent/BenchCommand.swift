import ArgumentParser
import Datasets
import Foundation
import Learning

/// `latent bench`: how fast the engine trains the reference VAE, against its BLAS floor.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the engine on pytorch/examples' MNIST VAE (784-400-20, Adam 1e-3, batch 128).",
        discussion: """
        Prints, per epoch, the mean training and test loss per image (negative ELBO in nats) and the \
        seconds of the training pass; then the seconds the same epoch's matrix products take on their \
        own (the floor) and the peak resident memory.
        """
    )

    @Option(help: "Epochs to train.")
    var epochs = 10

    @Option(help: "Threads for the matrix products.")
    var threads = 2

    @Option(help: "Seed for initial weights, batch order and sampling noise.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Option(help: "Folder holding the MNIST IDX files (default: data/mnist).")
    var dataDirectory: String?

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be at least 1") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        ComputeThreads.set(threads)
        let benchmark = VAEBenchmark(
            train: try Dataset.mnist.load(.train, from: dataDirectory),
            test: try Dataset.mnist.load(.test, from: dataDirectory),
            seed: seed
        )
        if !json { print("epoch  train loss  test loss  seconds") }
        let report = try benchmark.run(epochs: epochs) { epoch in
            guard !json else { return }
            print(String(format: "%5d  %10.2f  %9.2f  %7.2f", epoch.epoch, epoch.train_loss, epoch.test_loss, epoch.seconds))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(String(format: "GEMM floor for one epoch: %.2f s;  peak RSS: %.0f MB;  threads: %d;  ",
                         report.gemm_seconds, report.peak_rss_mb, report.threads) + "OpenBLAS kernels: \(report.blas_kernels)")
        }
    }
}
