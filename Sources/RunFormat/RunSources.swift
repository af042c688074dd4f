import Foundation

/// Where a run keeps copies of the sources it executed (the page is woven from these).
public enum RunSources {
    /// The chapter's `main.swift` as it ran.
    public static let chapterFile = "source.swift"

    /// The script every page with live figures loads before theirs, and its file name beside the page.
    public static let pageDataScript = "Sources/PageScripts/page-data.js"
    public static var pageDataFile: String { (pageDataScript as NSString).lastPathComponent }

    /// The copy of included file `path` inside run folder `folder`.
    public static func includedPath(_ path: String, in folder: String) -> String {
        (folder as NSString).appendingPathComponent("included/" + path)
    }
}
