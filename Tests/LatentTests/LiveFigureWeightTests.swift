import Foundation
import Integrity
import Learning
import Notebook
@testable import RunFormat
@testable import Weaver
import Captions
import TestSupport
import XCTest

/// A page never ships weights that disagree with its checkpoint: every live figure's data file is
/// the one its run wrote (by hash), its weights hash to what run.json says, and every weight in it
/// (an array named by a parameter path, `decoder.hidden.weight`) is, bit for bit, the tensor of that
/// name in one of the chapter's checkpoints (or of that name without the prefix the page added).
final class LiveFigureWeightTests: XCTestCase {
    private struct Payload: Decodable {
        struct Entry: Decodable { let shape: [Int]; let float32: String? }
        let arrays: [String: Entry]
    }

    func testLiveFiguresShipTheirCheckpointsWeights() throws {
        let site = ProjectRoot.path + "/output"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: site + "/vae/run.json"), "no site in output/: `make site` includes this test")
        var checked = 0
        for slug in try FileManager.default.contentsOfDirectory(atPath: site).sorted() {
            guard let record = try? RunRecord.read(from: "\(site)/\(slug)/run.json") else { continue }
            var stored: [[String: (shape: [Int], scalars: [Float])]] = []
            let store = CheckpointStore(folder: site + "/.checkpoints")
            for training in record.trainings {
                let path = store.statePath(for: training.cacheKey)
                XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(slug): the checkpoint of \(training.name) the site used is kept")
                guard FileManager.default.fileExists(atPath: path) else { continue }
                stored.append(try Checkpoint.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path))
            }
            for live in record.liveFigures ?? [] {
                let text = try String(contentsOfFile: "\(site)/\(slug)/\(live.data)", encoding: .utf8)
                XCTAssertEqual(Integrity.SHA256.hexDigest(of: text), live.dataSHA256, "\(slug)/\(live.data) is the file the run wrote")
                let json = try XCTUnwrap(text.range(of: "] = ").map { text[$0.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines) })
                let payload = try JSONDecoder().decode(Payload.self, from: Data(json.dropLast().utf8))  // drop the closing ";"
                var shipped: [(name: String, shape: [Int], scalars: [Float])] = []
                for (name, entry) in payload.arrays where name.contains(".") {
                    let bytes = [UInt8](try XCTUnwrap(entry.float32.flatMap { Data(base64Encoded: $0) }, name))
                    let scalars: [Float] = stride(from: 0, to: bytes.count, by: 4).map { (offset: Int) -> Float in
                        var bits: UInt32 = 0
                        for byte in (0..<4).reversed() { bits = bits << 8 | UInt32(bytes[offset + byte]) }
                        return Float(bitPattern: bits)
                    }
                    shipped.append((name, entry.shape, scalars))
                    // The checkpoint's name, or the name under the prefix the page gave a whole model
                    // (chapter 5 ships its model, whose parameters are `blocks.0.…`, as `transformer.…`).
                    let names = [name, String(name.drop { $0 != "." }.dropFirst())]
                    let matches = stored.contains { checkpoint in
                        names.contains { checkpoint[$0].map { $0.shape == entry.shape && $0.scalars.elementsEqual(scalars) { $0.bitPattern == $1.bitPattern } } ?? false }
                    }
                    XCTAssertTrue(matches, "\(slug)/\(live.name): \(name) equals no tensor of that name in the chapter's checkpoints")
                    checked += 1
                }
                XCTAssertEqual(PageData.digest(of: shipped), live.weightsSHA256, "\(slug)/\(live.name): run.json's weight hash")
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 4 + 5 + 2 * 14 + 5, "the explorer's, token editor's and patch writer's weights were all checked")
    }
}
