import ArgumentParser

/// The `latent` command: builds the tutorial site and runs its chapters.
@main
struct Latent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Trains image auto-encoders and weaves their story into a static tutorial site.",
        subcommands: [
            BuildCommand.self, ChapterCommand.self, FiguresCommand.self, ListCommand.self, NewCommand.self, CacheCommand.self, CleanCommand.self,
            ChangesCommand.self, DataCommand.self, BenchCommand.self, GalleryCommand.self, PreviewCommand.self,
        ]
    )
}
