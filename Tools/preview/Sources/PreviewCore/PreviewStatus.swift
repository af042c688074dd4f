/// What the preview tells the pages it serves, polled at `/__preview/status`: which build of the
/// site they show (a page reloads when this changes), whether a build is running and its latest
/// progress line (shown as a banner), and the error of the last build if it failed (an overlay).
public struct PreviewStatus: Codable, Equatable, Sendable {
    public struct BuildError: Codable, Equatable, Sendable {
        /// "chapters/01-autoencoder/main.swift:42" when the error points into a file.
        public var location: String?
        public var message: String
    }

    public var version = 0
    public var building = false
    public var progress = ""
    public var error: BuildError?

    public init() {}
}

/// Holds the status between the rebuilding loop and the HTTP handlers.
public actor PreviewState {
    public private(set) var status = PreviewStatus()

    public init() {}

    public func started() {
        status.building = true
        status.progress = "rebuilding…"
    }

    public func progress(_ line: String) { status.progress = line }

    /// A build ended: a good one gives the pages a new version to reload into and clears any error;
    /// a failed one keeps the version (the pages still show the last good site) and sets the error.
    public func finished(error: PreviewStatus.BuildError?) {
        status.building = false
        status.progress = ""
        status.error = error
        if error == nil { status.version += 1 }
    }
}
