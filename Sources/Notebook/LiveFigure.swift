import Figures
import Foundation
import Integrity
import Learning
import RunFormat

/// What a live figure's page script gets from the run: named arrays (weights, codes, labels),
/// written by the chapter into `<name>-data.js`, which the page loads as a classic script so it
/// works from `file://` with no server. Weights are named by their parameter paths, as in the
/// checkpoint (`decoder.hidden.weight`); other arrays by plain words without dots (`codes`). Float
/// arrays travel as base64 of their little-endian float32 bytes: exactly the numbers the run had,
/// so the browser decodes with the same weights.
///
/// A wrong shape or a byte out of range stops the chapter with `fatalError` (kept in release
/// builds, unlike `precondition`): it is a mistake in the chapter's code, not in its input.
public struct PageData {
    /// One named array: its shape, and its scalars as base64 of float32 or uint8 bytes.
    struct Entry: Encodable {
        let shape: [Int]
        let float32: String?
        let uint8: String?
    }

    /// The script every page with live figures loads before theirs.
    public static let helperScript = RunSources.pageDataScript
    /// Its file name beside the page.
    public static var helperFile: String { RunSources.pageDataFile }

    var entries: [String: Entry] = [:]
    var strings: [String: [String]] = [:]
    /// The weights added with `layer` and `tensor`, which `PageData.digest(of:)` hashes for the run
    /// record (a test hashes the same tensors from the checkpoint).
    var weights: [(name: String, shape: [Int], scalars: [Float])] = []

    /// A layer's parameters under `prefix` (`prefix.weight`, `prefix.bias`, …), as the model holds
    /// them: the ones its checkpoint stores.
    public mutating func layer(_ prefix: String, _ layer: some Layer) {
        for (name, tensor) in layer.namedParameters { self.tensor("\(prefix).\(name)", tensor) }
    }

    /// One tensor of a model under its checkpoint name (e.g. `quantizer.codebook`), counted with
    /// the weights.
    public mutating func tensor(_ name: String, _ tensor: Tensor) {
        weights.append((name, tensor.shape, tensor.scalars))
        floats(name, tensor.scalars, shape: tensor.shape)
    }

    /// Rows of floats (e.g. codes), as a [rows, columns] array.
    public mutating func rows(_ name: String, _ rows: [[Float]]) {
        floats(name, rows.flatMap { $0 }, shape: [rows.count, rows.first?.count ?? 0])
    }

    /// Floats with a shape.
    public mutating func floats(_ name: String, _ scalars: [Float], shape: [Int]) {
        guard shape.reduce(1, *) == scalars.count else { fatalError("page data \(name): shape \(shape) does not hold \(scalars.count) values") }
        entries[name] = Entry(shape: shape, float32: Data(Self.float32Bytes(scalars)).base64EncodedString(), uint8: nil)
    }

    /// Bytes with a shape (a film's frames: epochs × images × pixels).
    public mutating func bytes(_ name: String, _ bytes: Data, shape: [Int]) {
        guard shape.reduce(1, *) == bytes.count else { fatalError("page data \(name): shape \(shape) does not hold \(bytes.count) bytes") }
        entries[name] = Entry(shape: shape, float32: nil, uint8: bytes.base64EncodedString())
    }

    /// Small integers 0…255 (labels, tokens), with a shape (a list when none is given).
    public mutating func bytes(_ name: String, _ values: [Int], shape: [Int]? = nil) {
        guard values.allSatisfy({ (0...255).contains($0) }) else { fatalError("page data \(name): values must be 0…255") }
        bytes(name, Data(values.map(UInt8.init)), shape: shape ?? [values.count])
    }

    /// A list of words (class names).
    public mutating func strings(_ name: String, _ values: [String]) { strings[name] = values }

    /// SHA-256 of named tensors, in name order: each name, its shape and its float32 bytes. The
    /// run record keeps this digest of what the page ships; a test computes it from the checkpoint.
    public static func digest(of tensors: [(name: String, shape: [Int], scalars: [Float])]) -> String {
        var hasher = SHA256()
        for tensor in tensors.sorted(by: { $0.name < $1.name }) {
            hasher.update(Array("\(tensor.name) \(tensor.shape)\n".utf8))
            hasher.update(float32Bytes(tensor.scalars))
        }
        return hasher.hexDigest()
    }

    /// The scalars as little-endian float32 bytes: what the page decodes and what the digest hashes.
    private static func float32Bytes(_ scalars: [Float]) -> [UInt8] {
        scalars.flatMap { value -> [UInt8] in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    /// The script text: assigns the data to `LatentPageData[name]`.
    func script(name: String) throws -> String {
        struct Payload: Encodable {
            let arrays: [String: Entry]
            let strings: [String: [String]]
            let classColors: [String: [String]]
            /// A digit's paper and pencil, as the figures draw them.
            let digitColors: [String: [String]]
        }
        let hex = { (color: Color) in String(format: "#%02x%02x%02x", Int((color.red * 255).rounded()), Int((color.green * 255).rounded()), Int((color.blue * 255).rounded())) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let payload = Payload(
            arrays: entries, strings: strings,
            classColors: ["light": Style.light.classColors.map(hex), "dark": Style.dark.classColors.map(hex)],
            digitColors: ["light": [hex(Style.light.paper), hex(Style.light.pencil)], "dark": [hex(Style.dark.paper), hex(Style.dark.pencil)]]
        )
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        return "// Written by the chapter run that drew this page's figures (see run.json).\n"
            + "(window.LatentPageData = window.LatentPageData || {})[\(jsonString(name))] = \(json);\n"
    }

    private func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}

extension Chapter {
    /// An interactive figure shown after this code: `script` (a file under the project, e.g.
    /// `Sources/PageScripts/latent-explorer.js`) runs in the reader's browser on the data `fill`
    /// puts in. The script is copied into the run, so the page shows and runs the script that this
    /// run shipped; without JavaScript the figure says so and the static figures stand alone. The
    /// scripts it needs first (e.g. a decoder two figures share) are named by the script itself, in
    /// a `// uses: …` line of its opening comments (`PageScriptUses`).
    public func liveFigure(_ name: String, caption: String, script: String, line: Int = #line,
                           _ fill: (inout PageData) -> Void) {
        var data = PageData()
        fill(&data)
        do {
            let folder = (script as NSString).deletingLastPathComponent, scriptText = try projectText(script)
            let uses = PageScriptUses.read(from: scriptText).map { (folder as NSString).appendingPathComponent($0) }
            // The script, the scripts it uses and the helpers every page script uses (reading the
            // data's arrays, colours), copied beside the page.
            for file in [PageData.helperScript] + uses + [script] {
                let text = file == script ? scriptText : try projectText(file)
                try writeAtomically(Data(text.utf8), to: (options.output as NSString).appendingPathComponent((file as NSString).lastPathComponent))
            }
            let dataFile = "\(name)-data.js", dataText = try data.script(name: name)
            try writeAtomically(Data(dataText.utf8), to: (options.output as NSString).appendingPathComponent(dataFile))
            record.liveFigures = (record.liveFigures ?? []) + [.init(
                name: name, caption: caption, line: line, script: (script as NSString).lastPathComponent,
                uses: uses.isEmpty ? nil : uses.map { ($0 as NSString).lastPathComponent }, data: dataFile,
                dataSHA256: SHA256.hexDigest(of: dataText), weightsSHA256: PageData.digest(of: data.weights)
            )]
        } catch { fail(error) }
    }
}
