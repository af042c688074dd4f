import FlyingFox
import Foundation
@testable import PreviewCore
import XCTest
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

final class SourceWatcherTests: XCTestCase {
    func testNoticesAddedChangedAndRemovedFiles() throws {
        let folder = NSTemporaryDirectory() + "watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/chapter", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/chapter/main.swift"
        try "a".write(toFile: file, atomically: true, encoding: .utf8)
        var watcher = SourceWatcher(folders: [folder])
        XCTAssertEqual(watcher.changes(), [])
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: file)
        XCTAssertEqual(watcher.changes(), [file])
        try "b".write(toFile: folder + "/new.swift", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: file)
        XCTAssertEqual(watcher.changes(), [folder + "/chapter/main.swift", folder + "/new.swift"].sorted())
        XCTAssertEqual(watcher.changes(), [])
    }
}

final class PreviewStatusTests: XCTestCase {
    func testGoodBuildsBumpTheVersionAndFailedOnesKeepIt() async {
        let state = PreviewState()
        await state.started()
        await state.progress("[vae/vae] epoch 3/30")
        let building = await state.status
        XCTAssertTrue(building.building)
        XCTAssertEqual(building.progress, "[vae/vae] epoch 3/30")
        await state.finished(error: nil)
        let built = await state.status
        XCTAssertEqual(built.version, 1)
        XCTAssertFalse(built.building)
        await state.started()
        await state.finished(error: .init(location: "chapters/x/main.swift:3", message: "boom"))
        let failed = await state.status
        XCTAssertEqual(failed.version, 1, "the pages keep showing the last good site")
        XCTAssertEqual(failed.error?.location, "chapters/x/main.swift:3")
        await state.finished(error: nil)
        let fixed = await state.status
        XCTAssertEqual(fixed.version, 2)
        XCTAssertNil(fixed.error)
    }
}

final class BuildOutputTests: XCTestCase {
    func testCompilerErrorGivesFileLineAndMessage() {
        let lines = ["[3/9] Compiling Autoencoder main.swift",
                     "/work/p/chapters/01-autoencoder/main.swift:42:9: error: cannot find 'modle' in scope",
                     "/work/p/chapters/01-autoencoder/main.swift:42:9: error: cannot find 'modle' in scope",
                     "error: swift build -c release failed; see its output above"]
        XCTAssertEqual(BuildOutput.error(in: lines, root: "/work/p"),
                       .init(location: "chapters/01-autoencoder/main.swift:42", message: "cannot find 'modle' in scope"))
    }

    func testLatentErrorWithALocation() {
        let lines = ["== weaving", "error: chapters/02-variational-autoencoder/main.swift:88: chapter 'vae': prose cites {{metric.x}}, which its run record does not have; known: a (the previous site is untouched)"]
        let error = BuildOutput.error(in: lines, root: "/p")
        XCTAssertEqual(error.location, "chapters/02-variational-autoencoder/main.swift:88")
        XCTAssertTrue(error.message.hasPrefix("chapter 'vae': prose cites {{metric.x}}"))
    }

    func testFailedChapterKeepsItsLastOutput() {
        let lines = ["error: chapter 'vae' failed (exit status 1); the previous site is untouched. Its last output:", "error: training 'vae' reported no metric 'tset_loss'"]
        let error = BuildOutput.error(in: lines, root: "/p")
        XCTAssertNil(error.location)
        XCTAssertTrue(error.message.contains("reported no metric 'tset_loss'"), error.message)
    }
}

final class SiteFilesTests: XCTestCase {
    var site = ""

    override func setUpWithError() throws {
        site = NSTemporaryDirectory() + "site-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: site + "/vae", withIntermediateDirectories: true)
        try "<html><body><p>index</p></body></html>".write(toFile: site + "/index.html", atomically: true, encoding: .utf8)
        try "<html><body><p>vae</p></body></html>".write(toFile: site + "/vae/index.html", atomically: true, encoding: .utf8)
        try "png".write(toFile: site + "/vae/loss.png", atomically: true, encoding: .utf8)
        try "secret".write(toFile: site + "/.runs", atomically: true, encoding: .utf8)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: site) }

    func testPathsStayInsideTheSite() {
        let files = SiteFiles(site: site)
        XCTAssertEqual(files.file(for: "/"), site + "/index.html")
        XCTAssertEqual(files.file(for: "/vae/"), site + "/vae/index.html")
        XCTAssertEqual(files.file(for: "/vae/loss.png"), site + "/vae/loss.png")
        XCTAssertNil(files.file(for: "/../etc/passwd"))
        XCTAssertNil(files.file(for: "/vae/%2E%2E/%2E%2E/x"))
        XCTAssertNil(files.file(for: "/.runs"), "hidden build folders are not served")
        XCTAssertNil(files.file(for: "/missing.html"))
    }

    func testPagesGetThePreviewScriptAndNothingElseChanges() throws {
        let files = SiteFiles(site: site)
        let page = String(decoding: try files.body(of: site + "/vae/index.html"), as: UTF8.self)
        XCTAssertEqual(page, "<html><body><p>vae</p><script src=\"/__preview/client.js\"></script></body></html>")
        XCTAssertEqual(try files.body(of: site + "/vae/loss.png"), Data("png".utf8))
        XCTAssertEqual(try String(contentsOfFile: site + "/vae/index.html", encoding: .utf8), "<html><body><p>vae</p></body></html>",
                       "the published file is untouched")
    }

    func testServesOnLoopbackWithStatusAndPages() async throws {
        let state = PreviewState()
        await state.started()
        await state.finished(error: nil)
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 10, logger: .disabled)
        let preview = PreviewServer(files: SiteFiles(site: site), state: state)
        await server.appendRoute("*") { request in await preview.respond(to: request) }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        try await server.waitUntilListening()
        guard case let .ip4(host, port) = await server.listeningAddress else { return XCTFail("not listening on IPv4") }
        XCTAssertEqual(host, "127.0.0.1", "loopback only")
        func get(_ path: String) async throws -> (Int, String) {
            let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
        }
        let status = try await get("/__preview/status")
        XCTAssertEqual(status.0, 200)
        XCTAssertEqual(try JSONDecoder().decode(PreviewStatus.self, from: Data(status.1.utf8)).version, 1)
        let page = try await get("/vae/")
        XCTAssertTrue(page.1.contains("/__preview/client.js"))
        let script = try await get("/__preview/client.js")
        XCTAssertTrue(script.1.contains("location.reload()"))
        let missing = try await get("/nothing-here")
        XCTAssertEqual(missing.0, 404)
        await server.stop()
    }
}
