import RunFormat
import Foundation
import Plot

/// The table of contents: one entry per chapter with its title, one-line summary and a thumbnail
/// of one of its figures.
public struct IndexPage {
    public struct Entry: Sendable {
        public let slug: String
        public let number: Int
        public let title: String
        public let summary: String
        /// A figure file of the chapter, relative to the chapter folder.
        public let thumbnail: String?
        public let runSummary: String
        /// The chapter's sections, linked from its entry.
        public var sections: [Section] = []
    }

    public let entries: [Entry]
    public let datasetTitle: String

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
                    .div(.class("intro"),
                        .p("""
                        Each chapter below is a Swift program that trains a model on \(datasetTitle) and draws its own figures. \
                        What you read is that program: its prose is written in comments, its code is shown exactly as it ran, \
                        and every figure and number comes from the run.
                        """),
                        .p("""
                        The story: a plain auto-encoder squeezes a digit through a small code and back, but its decoder makes \
                        nothing sensible from random codes; a variational auto-encoder fixes that; vector quantisation turns \
                        images into tokens that a language-model-style network can generate one patch at a time; and finally \
                        those image tokens and the words of a caption share one model, which writes either from the other.
                        """)
                    ),
                    .ol(.class("toc"), .forEach(entries) { entry in
                        .li(
                            .unwrap(entry.thumbnail) { thumbnail in
                                .a(.href("\(entry.slug)/index.html"), .img(.src("\(entry.slug)/\(thumbnail)"), .alt("A figure from \(entry.title)")))
                            },
                            .div(
                                .h2(.a(.href("\(entry.slug)/index.html"), .text("\(entry.number). \(entry.title)"))),
                                .p(.text(entry.summary)),
                                sectionList(entry),
                                .p(.class("status"), .text(entry.runSummary))
                            )
                        )
                    })
                ),
                .footer(.class("site"), .span(.text("Built by "), .code("latent build"), .text(" — figures and numbers come from each chapter's run.json.")))
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
}
