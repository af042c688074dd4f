import Foundation

/// The demo project with its site built, made once per test run and copied by every test that
/// starts from a built site: a build trains the demo model, computes its evaluation and draws every
/// figure, which a score of tests would otherwise each do again before testing what follows a build.
/// The copies' data are written by `SiteFixture` byte for byte as the template's, so every key and
/// input of the copied run is the copy's own.
enum BuiltDemoProject {
    /// The template project (chapter, catalog, page scripts and `site/`), or what building it met.
    static let template: Result<String, Error> = Result {
        let fixture = try SiteFixture()
        try fixture.makeDemoProject(at: fixture.project)
        let result = try fixture.latent(["build"])
        guard result.status == 0 else { throw Failure(message: "the template project did not build: " + result.standardError) }
        return fixture.project
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Copies the template's contents into `folder` (made if missing), keeping modification dates.
    static func copy(into folder: String) throws {
        let source = try template.get()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/cp")
        process.arguments = ["-a", source + "/.", folder]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(message: "cp -a \(source) \(folder) failed") }
    }
}
