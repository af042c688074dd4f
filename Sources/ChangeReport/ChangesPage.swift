import Foundation

/// `changes.html`: the last build's change report for the author (not linked from the chapters).
/// Each changed figure is shown before and after side by side with a difference image (changed
/// pixels in magenta), as `dvc plots diff` does; each changed paragraph with its changed words
/// struck out and inserted. Self-contained (its own small stylesheet, light and dark), and the
/// three pictures stack on a phone.
struct ChangesPage {
    let report: ChangeReport

    func html() -> String {
        var body = "<h1>What the last build changed</h1>\n"
        body += "<p class=\"meta\"><code>latent \(escape(report.command))</code> · finished \(escape(report.readableTime)) · "
            + "<a href=\"index.html\">the site</a></p>\n"
        if report.isEmpty {
            body += "<p class=\"nothing\">Nothing changed: no chapter ran and every page reads as before.</p>\n"
        }
        for chapter in report.chapters { body += section(chapter) }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Changes · latent \(escape(report.command))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    private func section(_ chapter: ChapterChanges) -> String {
        var html = "<section id=\"\(escape(chapter.slug))\">\n<h2><a href=\"\(escape(chapter.slug))/index.html\">\(escape(chapter.slug))</a></h2>\n"
        if let reasons = chapter.ranBecause {
            html += "<p>Ran " + (reasons.isEmpty ? "on request (no input changed)" : "because " + reasons.map { "<code>\(escape($0))</code>" }.joined(separator: ", ")) + ".</p>\n"
        } else {
            html += "<p>Rewoven from its last run (not run).</p>\n"
        }
        if !chapter.trainings.isEmpty {
            html += "<ul class=\"trainings\">" + chapter.trainings.map { training in
                let why = training.reasons.isEmpty ? "its inputs are unchanged" : training.reasons.map(escape).joined(separator: ", ")
                return "<li><strong>\(training.retrained ? "retrained" : "restored")</strong> \(escape(training.model)): \(why)</li>"
            }.joined() + "</ul>\n"
        }
        if chapter.ranBecause != nil && chapter.outputsUnchanged {
            html += "<p class=\"nothing\">No number, table cell, figure, claim or sentence changed.</p>\n"
        }
        if !chapter.metrics.isEmpty {
            html += table(title: "Metrics", columns: ["metric", "before", "after"],
                          rows: chapter.metrics.map { [$0.name, $0.old ?? "—", $0.new ?? "—"] })
        }
        var tables: [String] = []
        for cell in chapter.cells where !tables.contains(cell.table) { tables.append(cell.table) }
        for title in tables {
            html += table(title: "Table “\(escape(title))”", columns: ["row", "column", "before", "after"],
                          rows: chapter.cells.filter { $0.table == title }.map { [$0.row, $0.column, $0.old ?? "—", $0.new ?? "—"] })
        }
        if !chapter.claims.isEmpty {
            func verdict(_ held: Bool?) -> String { held.map { $0 ? "held" : "failed" } ?? "not checked" }
            html += table(title: "Claims", columns: ["claim", "before", "after", "evidence"],
                          rows: chapter.claims.map { [$0.name, verdict($0.heldBefore), verdict($0.held), $0.evidence ?? ""] })
        }
        for figure in chapter.figures { html += self.figure(figure) }
        if !chapter.paragraphs.isEmpty {
            html += "<h3>Paragraphs</h3>\n" + chapter.paragraphs.map(paragraph).joined()
        }
        return html + "</section>\n"
    }

    private func table(title: String, columns: [String], rows: [[String]]) -> String {
        "<h3>\(title)</h3>\n<div class=\"scroll\"><table><thead><tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table></div>\n"
    }

    private func figure(_ figure: FigureChange) -> String {
        var html = "<h3>Figure <code>\(escape(figure.name))</code>: \(escape(figure.summary))</h3>\n"
        if let old = figure.oldCaption, let new = figure.newCaption {
            html += "<p class=\"caption\">" + words(old: old, new: new) + "</p>\n"
        }
        let pictures = [("before", figure.before), ("after", figure.after), ("difference (changed pixels in magenta)", figure.difference)]
            .compactMap { label, path in path.map { (label, $0) } }
        if !pictures.isEmpty {
            html += "<div class=\"pictures\">" + pictures.map { label, path in
                "<figure><a href=\"\(escape(path))\"><img src=\"\(escape(path))\" alt=\"\(escape(figure.name)): \(label)\" loading=\"lazy\"></a>"
                    + "<figcaption>\(label)</figcaption></figure>"
            }.joined() + "</div>\n"
        }
        return html
    }

    private func paragraph(_ change: ParagraphChange) -> String {
        switch (change.old, change.new) {
        case let (old?, new?): return "<p class=\"paragraph\"><span class=\"index\">¶\(change.index)</span> " + words(old: old, new: new) + "</p>\n"
        case let (old?, nil): return "<p class=\"paragraph\"><span class=\"index\">removed</span> <del>\(escape(old))</del></p>\n"
        case let (nil, new?): return "<p class=\"paragraph\"><span class=\"index\">¶\(change.index) added</span> <ins>\(escape(new))</ins></p>\n"
        case (nil, nil): return ""
        }
    }

    private func words(old: String, new: String) -> String {
        WordDiff.runs(old: old, new: new).map { run in
            switch run {
            case let .kept(text): return escape(text)
            case let .removed(text): return "<del>\(escape(text))</del>"
            case let .added(text): return "<ins>\(escape(text))</ins>"
            }
        }.joined(separator: " ")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let style = """
    :root { --ink: #1d1d1f; --muted: #5f6368; --paper: #ffffff; --line: #d9d9de; --del: #fde2e2; --ins: #ddf4e4; --link: #0b57d0; }
    @media (prefers-color-scheme: dark) {
      :root { --ink: #e8e8ea; --muted: #a8abb2; --paper: #16171a; --line: #3a3c42; --del: #5c2323; --ins: #1e4a2c; --link: #8ab4f8; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--paper); color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
    a { color: var(--link); }
    h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
    h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; overflow-wrap: anywhere; }
    .meta, .nothing, .index, figcaption { color: var(--muted); }
    .index { font-size: .85em; margin-right: .25rem; }
    code { font-size: .9em; overflow-wrap: anywhere; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid var(--line); padding: .25rem .75rem .25rem 0; text-align: left; vertical-align: top; }
    del { background: var(--del); color: inherit; }
    ins { background: var(--ins); color: inherit; text-decoration: none; }
    .pictures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: 1rem; }
    .pictures figure { margin: 0; }
    .pictures img { display: block; width: 100%; height: auto; background: #fff; border: 1px solid var(--line); }
    figcaption { font-size: .85rem; margin-top: .25rem; }
    """
}
