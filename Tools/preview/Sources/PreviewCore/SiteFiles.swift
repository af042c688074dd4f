import Foundation

/// The site's files as the preview serves them: paths resolved inside the site folder only, and
/// every HTML page given the preview's script, which the published site never contains.
public struct SiteFiles: Sendable {
    public let site: String

    public init(site: String) { self.site = site }

    public static let clientPath = "/__preview/client.js"
    static let clientTag = "<script src=\"\(clientPath)\"></script>"

    /// The file a request path names: `/` and folders mean their `index.html`; nil for anything
    /// outside the site (`..`) or missing.
    public func file(for requestPath: String) -> String? {
        let decoded = requestPath.removingPercentEncoding ?? requestPath
        let parts = decoded.split(separator: "/").map(String.init)
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { return nil }
        var path = ([site] + parts).joined(separator: "/")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue { path += "/index.html" }
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The bytes to send for `path`, with the preview script added to HTML pages.
    public func body(of path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard path.hasSuffix(".html") else { return data }
        let html = String(decoding: data, as: UTF8.self)
        guard let end = html.range(of: "</body>", options: .backwards) else { return Data((html + SiteFiles.clientTag).utf8) }
        return Data(html.replacingCharacters(in: end, with: SiteFiles.clientTag + "</body>").utf8)
    }

    public static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "swift", "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }
}
