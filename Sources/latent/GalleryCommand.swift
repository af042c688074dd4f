import ArgumentParser
import Figures
import Integrity
import Foundation
import Plot
import RunFormat

/// `latent gallery`: every figure type drawn from synthetic data, on one page.
struct GalleryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Draw every figure type from synthetic data into output/gallery/ (PNG + SVG, and <name>-narrow laid out for a phone) with an index page."
    )

    @Option(help: "Folder to write the gallery into.")
    var output = "output/gallery"

    @Flag(help: "Also draw the dark-mode variant of each figure (<name>-dark.png/.svg, and <name>-narrow-dark for the phone layout).")
    var dark = false

    func run() throws {
        var entries: [(name: String, width: Double, title: String)] = []
        for (name, figure) in Gallery.figures() {
            let size = try figure.write(to: "\(output)/\(FigureFiles.base(name, .light))")
            if dark { try figure.write(to: "\(output)/\(FigureFiles.base(name, .dark))", style: .dark) }
            if size.width > FigureFiles.phoneWidth, let narrow = figure.laidOut(forWidth: FigureFiles.phoneWidth, style: .light) {
                try narrow.write(to: "\(output)/\(FigureFiles.base(name, .narrow))")
                if dark { try narrow.write(to: "\(output)/\(FigureFiles.base(name, .narrowDark))", style: .dark) }
            }
            entries.append((name, size.width, figure.title ?? name))
        }
        let page = HTML(
            .head(.title("Latent — figure gallery"), .meta(.charset(.utf8)),
                  .element(named: "style", text: "body{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:2em auto;color:#1f2328}figure{margin:2em 0}img{max-width:100%;height:auto;border:1px solid #d8dee4}")),
            .body(
                .h1("Figure gallery"),
                .p("Every figure type of Latent, drawn from synthetic data. Click a figure for its SVG."),
                .forEach(entries) { entry in
                    .element(named: "figure", nodes: [
                        .a(.href("\(entry.name).svg"), .img(.src("\(entry.name).png"), .alt(entry.title), .attribute(named: "width", value: "\(Int(entry.width))"))),
                        .element(named: "figcaption", text: "\(entry.name): \(entry.title)"),
                    ])
                }
            )
        )
        try writeAtomically(Data(page.render(indentedBy: .spaces(1)).utf8), to: "\(output)/index.html")
        print("wrote \(entries.count) figures and \(output)/index.html")
    }
}
