import ArgumentParser
import Foundation
import RunFormat
import Weaver

/// `latent new <slug> --title "…"`: scaffold a chapter.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Add a chapter: the next number's folder with a short article that runs, its catalog entry and its Package.swift target.",
        discussion: "Then `latent build` builds it into the site and the index. Edit chapters/NN-<slug>/main.swift to write the chapter."
    )

    @Argument(help: "The chapter's short name, used in URLs and on the command line (lowercase letters, digits, hyphens).")
    var slug: String

    @Option(help: "The chapter's title.")
    var title: String

    @Option(help: "The chapter catalog.")
    var catalog = "chapters/catalog.json"

    func run() throws {
        let root = FileManager.default.currentDirectoryPath
        let scaffold = ChapterScaffold(slug: slug, title: title, root: root,
                                       catalogPath: catalog.hasPrefix("/") ? catalog : (root as NSString).appendingPathComponent(catalog))
        do {
            let folder = try scaffold.create()
            print("created \(folder)/main.swift (target \(scaffold.executable)); build it with `latent build`")
        } catch let problem as ChapterScaffold.Problem {
            throw ValidationError(problem.description)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
