import RunFormat
import Foundation
import Plot

/// The box at the top of a page that says what run the page shows: the dataset, seed and threads,
/// each model's epochs and time (trained or restored), each kept evaluation's (computed or
/// restored), how many of the prose's claims this run checked and how many held, the run's time
/// and peak memory. Results are not here: the prose cites them and the tables hold them, so each
/// number is met once.
struct RunBox {
    let record: RunRecord

    /// A model's name as the chapter gave it (`vae-2d`), written for a reader ("VAE, 2-D").
    static func readable(_ model: String) -> String {
        var words: [String] = [], suffix = ""
        for word in model.replacingOccurrences(of: "vq-vae", with: "vqvae").split(separator: "-") {
            switch word.lowercased() {
            case "vae": words.append("VAE")
            case "vqvae": words.append("VQ-VAE")
            case "autoencoder": words.append("auto-encoder")
            case "2d": suffix = " with 2-D codes"
            default: words.append(String(word))
            }
        }
        let phrase = words.joined(separator: " ") + suffix
        return phrase.prefix(1).uppercased() + phrase.dropFirst()
    }

    func html() -> Node<HTML.BodyContext> {
        var rows: [(String, String)] = [
            ("Data", record.dataset.title), ("Seed", "\(record.seed)"),
            ("Threads", "\(record.threads)"),
        ]
        for training in record.trainings {
            let time = String(format: "%.0f s", training.trainingSeconds)
            let how = training.loadedFromCheckpoint ? "trained in \(time) by an earlier run, restored from its checkpoint" : "trained in this run, \(time)"
            let epochs = training.epochs.count
            rows.append((RunBox.readable(training.name), "\(epochs) \(epochs == 1 ? "epoch" : "epochs"), \(how)"))
        }
        for evaluation in record.evaluations ?? [] {
            let time = String(format: evaluation.seconds < 10 ? "%.1f s" : "%.0f s", evaluation.seconds)  // not "0 s"
            let how = evaluation.restored ? "computed in \(time) by an earlier run with the same inputs, restored" : "computed in this run, \(time)"
            rows.append((evaluation.name.prefix(1).uppercased() + evaluation.name.dropFirst(), how))
        }
        if let claims = record.claims, !claims.isEmpty {
            let held = claims.filter(\.held).count
            let checked = "\(claims.count) \(claims.count == 1 ? "claim" : "claims") checked in this run, "
            let verdict = held == claims.count ? (held == 1 ? "it held" : "all \(held) held")
                : "\(held) held, \(claims.count - held) did not (struck through below)"
            rows.append(("Claims", checked + verdict))
        }
        rows.append(("Run time", String(format: "%.0f s", record.wallSeconds)))
        if let memory = record.peakMemoryMB { rows.append(("Peak memory", String(format: "%.0f MB", memory))) }
        return .element(named: "aside", nodes: [
            .class("run-record"),
            .h2("This run"),
            .element(named: "dl", nodes: rows.map { row in
                .group(.element(named: "dt", text: row.0), .element(named: "dd", text: row.1))
            }),
            .p(.class("provenance"), .text("Numbers on this page come from "), .a(.href(SiteLayout.recordFile), .text(SiteLayout.recordFile)),
               .text(", written by the run that drew the figures; the code is that run's "), .a(.href(RunSources.chapterFile), .text("source")),
               .text(".")),
        ])
    }
}
