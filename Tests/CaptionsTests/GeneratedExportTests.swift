@testable import Captions
import Datasets
import Foundation
import XCTest

/// The exported images and prompts read back as written.
final class GeneratedExportTests: XCTestCase {
    func testIDXAndJSONRoundTrip() throws {
        let folder = NSTemporaryDirectory() + "export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let images: [[Float]] = [[Float](repeating: 0, count: 784), [Float](repeating: 1, count: 784), (0..<784).map { Float($0 % 2) }]
        let entries = (0..<3).map { GeneratedExport.Entry(prompt: "a bold \($0)", class: $0, attributes: ["weight": "bold", "slant": "upright"]) }
        try GeneratedExport.write(images: images, side: 28, entries: entries, to: folder)
        let read = try GeneratedExport.read(from: folder)
        XCTAssertEqual(read.side, 28)
        XCTAssertEqual(read.entries, entries)
        XCTAssertEqual(read.images.map { $0.map(Int.init).reduce(0, +) }, [0, 784 * 255, 392 * 255])
        // The JSON is a plain list of {"prompt", "class", "attributes"} objects.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/generated.json"))) as? [[String: Any]]
        XCTAssertEqual(json?.count, 3)
        XCTAssertEqual(Set(json?.first?.keys ?? [:].keys), ["prompt", "class", "attributes"])
        // With guidance, each entry also says the scale it was drawn with.
        let guided = entries.map { GeneratedExport.Entry(prompt: $0.prompt, class: $0.class, attributes: $0.attributes, guidance: 2.5) }
        try GeneratedExport.write(images: images, side: 28, entries: guided, to: folder)
        XCTAssertEqual(try GeneratedExport.read(from: folder).entries.map(\.guidance), [2.5, 2.5, 2.5])
        let guidedJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/generated.json"))) as? [[String: Any]]
        XCTAssertEqual(guidedJSON?.last?["guidance"] as? Double, 2.5)
    }
}
