import ArgumentParser
import Foundation
import RunFormat
import Weaver

/// `latent cache`: the checkpoints kept, by model, and the kept results of slow evaluations.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "List the kept checkpoints and evaluation results: each one's versions, newest use first, with their size; `*` marks the ones the site uses.",
        discussion: "The store keeps the last few versions of each model (and at most 4 GiB), so undoing an edit restores instead of training. `latent clean --checkpoints` empties it."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        try reportingErrors {
            let builder = try site.makeBuilder()
            let entries = builder.store.entries()
            guard !entries.isEmpty else {
                print("no checkpoints kept in \(builder.store.folder)")
                return
            }
            var inUse = Set<String>()
            for entry in builder.catalog.chapters {
                let record = try? RunRecord.read(from: SiteLayout.record(in: builder.layout.run(entry.slug)))
                inUse.formUnion(record?.trainings.map(\.cacheKey) ?? [])
                inUse.formUnion(record?.evaluations?.map(\.cacheKey) ?? [])
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            let byModel = Dictionary(grouping: entries) { "\($0.owner)/\($0.model)" }
            for model in byModel.keys.sorted() {
                print(model)
                for entry in byModel[model] ?? [] {
                    let mark = inUse.contains(entry.key) ? "*" : " "
                    let made = entry.isEvaluation ? "computed" : "trained"
                    print("  \(mark) \(entry.key.prefix(12))  \(made) \(formatter.string(from: entry.created))  used \(formatter.string(from: entry.lastUsed))  \(megabytes(entry.bytes ?? 0))")
                }
            }
            let total = entries.reduce(0) { $0 + ($1.bytes ?? 0) }
            let results = entries.filter(\.isEvaluation).count
            let kept = results == 0 ? "" : ", \(results) kept result\(results == 1 ? "" : "s")"
            print("\(entries.count - results) checkpoints\(kept), \(megabytes(total)) in \(builder.store.folder)")
        }
    }

    private func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
}
