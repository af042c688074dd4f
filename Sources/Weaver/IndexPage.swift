import RunFormat
import Foundation
import Plot

/// The front door: who the site is for and what it assumes, then one entry per chapter with its
/// title, one-line summary, reading time and a thumbnail of one of its figures; how the pages were
/// built (seed, threads, times, toolchain) waits in a fold at the end, out of a learner's way.
public struct IndexPage {
    public struct Entry: Sendable {
        public let slug: String
        public let number: Int
        public let title: String
        public let summary: String
        /// A figure of the chapter, drawn light and dark, as the thumbnail.
        public let thumbnail: Thumbnail?
        /// Words of the chapter's prose (code, math and markup left out): the reading time.
        public let proseWords: Int
        /// How the chapter's run went, for the build fold: each model's epochs and time.
        public let runSummary: String
        /// The chapter's sections, linked from its entry.
        public var sections: [Section] = []

        public init(slug: String, number: Int, title: String, summary: String, thumbnail: Thumbnail?, proseWords: Int, runSummary: String,
                    sections: [Section] = []) {
            self.slug = slug
            self.number = number
            self.title = title
            self.summary = summary
            self.thumbnail = thumbnail
            self.proseWords = proseWords
            self.runSummary = runSummary
            self.sections = sections
        }
    }

    /// A figure's files, relative to the chapter folder, and what it shows in words.
    public struct Thumbnail: Sendable {
        public let png: String
        public let darkPNG: String
        public let alternativeText: String

        public init(png: String, darkPNG: String, alternativeText: String) {
            self.png = png
            self.darkPNG = darkPNG
            self.alternativeText = alternativeText
        }
    }

    /// What every chapter's run shares: the settings and toolchain the build fold names.
    public struct Build: Sendable {
        public let seed: UInt64
        public let threads: Int
        public let toolchain: String?

        public init(seed: UInt64, threads: Int, toolchain: String?) {
            self.seed = seed
            self.threads = threads
            self.toolchain = toolchain
        }
    }

    public let entries: [Entry]
    public let datasetTitle: String
    /// Nil when no chapter has run yet.
    public let build: Build?
    /// Where the API reference (`make docs`, in `output/reference/`) is from this index: a second
    /// dataset's site sits one folder down and shares it. Nil when no reference has been written
    /// (a site built by `latent build` alone), so the index never links to a missing page.
    public let referenceLink: String?

    public init(entries: [Entry], datasetTitle: String, build: Build? = nil, referenceLink: String? = nil) {
        self.entries = entries
        self.datasetTitle = datasetTitle
        self.build = build
        self.referenceLink = referenceLink
    }

    /// Words a learner reads in a minute of careful technical reading (slower than the 230 or so of
    /// plain prose: formulas and figures are read too).
    static let wordsPerMinute = 150.0

    /// "about 12 minutes": rounded to whole minutes, at least one.
    static func readingTime(words: Int) -> String {
        let minutes = max(1, Int((Double(words) / wordsPerMinute).rounded()))
        return "about \(minutes) \(minutes == 1 ? "minute" : "minutes") to read"
    }

    /// 4210 → "4,210".
    static func grouped(_ count: Int) -> String {
        let digits = Array(String(count))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }

    /// The words of a chapter's prose a reader reads: Markdown's marks, inline and display math
    /// (a formula counts as one word), citations (`[@key]`) and directives (`@fold`) left out; a
    /// cited number counts as one word.
    public static func proseWords(_ source: ChapterSource) -> Int {
        var count = 0
        for case let .prose(markdown, _) in source.cells {
            var text = markdown.replacingOccurrences(of: #"\$\$[\s\S]*?\$\$"#, with: " formula ", options: .regularExpression)
            text = text.replacingOccurrences(of: #"\$[^$\n]+\$"#, with: " formula ", options: .regularExpression)
            text = text.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: " number ", options: .regularExpression)
            text = text.replacingOccurrences(of: #"\[@[^\]]*\]"#, with: " ", options: .regularExpression)
            count += text.split(whereSeparator: { $0.isWhitespace })
                .filter { word in !word.hasPrefix("@") && word.contains(where: { $0.isLetter || $0.isNumber }) }.count
        }
        return count
    }

    public func html() -> String {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("Latent — image auto-encoders, run and explained"),
                .stylesheet("style.css")
            ),
            .body(
                .header(.class("site"), .a(.href("index.html"), .text("Latent")), .span(.class("dataset"), .text(datasetTitle))),
                .main(
                    .h1("Latent: image auto-encoders, run and explained"),
                    intro,
                    .ol(.class("toc"), .forEach(entries) { entry in .li(thumbnail(entry), description(entry)) }),
                    buildFold
                ),
                .footer(.class("site"), .span(.text("Built by "), .code("latent build"), .text(" — figures and numbers come from each chapter's run.json.")),
                        .unwrap(referenceLink) { link in .group(.text(" "), .a(.href(link), .text("API reference for chapter authors"))) })
            )
        ).render(indentedBy: nil)
    }

    /// A chapter's `##` sections as one line of links under its summary, so a reader can go
    /// straight to a part of a long chapter.
    private func sectionList(_ entry: Entry) -> Node<HTML.BodyContext> {
        let listed = entry.sections.filter { $0.level == 2 }
        return .if(!listed.isEmpty, .nav(
            .class("sections"), .attribute(named: "aria-label", value: "Sections of chapter \(entry.number)"),
            .ol(.forEach(listed) { section in .li(.a(.href("\(entry.slug)/index.html#\(section.id)"), .text(section.title))) })
        ))
    }

    private var intro: Node<HTML.BodyContext> {
        .div(.class("intro"),
            .p("""
            This site is for readers who know the basics of neural networks — a layer, a loss, training by \
            gradient descent — and want to see how a network learns to compress an image into a few numbers, \
            why that alone cannot make new images, and how the ideas behind today's image generators fix it. \
            No earlier acquaintance with auto-encoders, probability distributions or transformers is assumed; each \
            is introduced where it is first needed.
            """),
            .p("""
            Each chapter is a Swift program that trains a model on \(datasetTitle) and draws its own figures. \
            What you read is that program: its prose is written in comments, its code is shown exactly as it ran, \
            and every figure and number comes from the run. The chapters retrace a blog post's path from \
            auto-encoders to images written as tokens, and check its claims as they go. Read them in order: \
            each builds on the one before.
            """),
            .p("""
            The story: a plain auto-encoder squeezes a digit through a small code and back, but its decoder makes \
            nothing sensible from random codes; a variational auto-encoder fixes that; vector quantisation turns \
            images into tokens that a language-model-style network can generate one patch at a time; and finally \
            those image tokens and the words of a caption share one model, which writes either from the other.
            """)
        )
    }

    private func thumbnail(_ entry: Entry) -> Node<HTML.BodyContext> {
        .unwrap(entry.thumbnail) { thumbnail in
            // Out of the tab order (the heading beside it is the same link), but read: its alt text says
            // what the chapter's figure shows.
            .element(named: "a", nodes: [
               .attribute(named: "href", value: "\(entry.slug)/index.html"), .attribute(named: "tabindex", value: "-1"),
               .element(named: "picture", nodes: [
                   .selfClosedElement(named: "source", attributes: [
                       .attribute(named: "srcset", value: "\(entry.slug)/\(thumbnail.darkPNG)"),
                       .attribute(named: "media", value: "(prefers-color-scheme: dark)"),
                   ]),
                   .selfClosedElement(named: "img", attributes: [
                       .attribute(named: "src", value: "\(entry.slug)/\(thumbnail.png)"),
                       .attribute(named: "alt", value: thumbnail.alternativeText),
                   ]),
               ]),
            ])
        }
    }

    private func description(_ entry: Entry) -> Node<HTML.BodyContext> {
        .div(
            .h2(.a(.href("\(entry.slug)/index.html"), .text("\(entry.number). \(entry.title)"))),
            .p(.text(entry.summary)),
            sectionList(entry),
            .p(.class("status"), .text("\(Self.readingTime(words: entry.proseWords)) (\(Self.grouped(entry.proseWords)) words of prose)"))
        )
    }

    /// How this was built: what a reader reproducing the pages needs, folded away.
    private var buildFold: Node<HTML.BodyContext> {
        .unwrap(build) { build in
            .element(named: "details", nodes: [
                .class("build-info"),
                .element(named: "summary", text: "How this was built"),
                .p(.text("Every chapter ran with seed \(build.seed) on \(build.threads) \(build.threads == 1 ? "thread" : "threads")"),
                   .unwrap(build.toolchain) { .text(", compiled by \($0)") }, .text(". "),
                   .text("The same seed and threads give the same numbers and figures; each page's run box says what its run "
                         + "trained and what it restored.")),
                .ul(.forEach(entries) { entry in .li(.text("\(entry.number). \(entry.title): \(entry.runSummary)")) }),
            ])
        }
    }
}
