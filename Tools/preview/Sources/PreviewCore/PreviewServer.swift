import FlyingFox
import Foundation

/// The HTTP side: the site's files (pages with the preview script), the script itself, and the
/// status the script polls. Listens on 127.0.0.1 only: a preview is for the person at this machine.
public struct PreviewServer: Sendable {
    public let files: SiteFiles
    public let state: PreviewState

    public init(files: SiteFiles, state: PreviewState) {
        self.files = files
        self.state = state
    }

    /// An HTTP server on 127.0.0.1:`port` answering with `respond`; it logs nothing, leaving the
    /// terminal to the build's own progress.
    public func makeServer(port: UInt16) async throws -> HTTPServer {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 30, logger: .disabled)
        await server.appendRoute("*") { request in await respond(to: request) }
        return server
    }

    /// The response to one request.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let noCache: HTTPHeaders = [.cacheControl: "no-store"]
        switch request.path {
        case "/__preview/status":
            let body = (try? JSONEncoder().encode(await state.status)) ?? Data("{}".utf8)
            return HTTPResponse(statusCode: .ok, headers: noCache.merging([.contentType: "application/json"]), body: body)
        case SiteFiles.clientPath:
            return HTTPResponse(statusCode: .ok, headers: noCache.merging([.contentType: "text/javascript; charset=utf-8"]),
                                body: Data(PreviewClient.script.utf8))
        default:
            guard request.method == .GET || request.method == .HEAD, let path = files.file(for: request.path),
                  let body = try? files.body(of: path) else {
                return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: Data("not found: \(request.path)\n".utf8))
            }
            return HTTPResponse(statusCode: .ok, headers: noCache.merging([.contentType: SiteFiles.contentType(of: path)]), body: body)
        }
    }
}

extension HTTPHeaders {
    func merging(_ other: HTTPHeaders) -> HTTPHeaders {
        var merged = self
        for (header, value) in other { merged[header] = value }
        return merged
    }
}
