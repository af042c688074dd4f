/// A static figure's files: each is drawn light and dark, and a figure wider than a phone's
/// column again for the phone, light and dark. The chapter runtime writes them and the weaver
/// serves them by these names; nothing else builds or parses them.
public enum FigureFiles {
    /// The width figures are drawn a second time for: a 390 px phone's text column (about 330 px)
    /// shows them at nearly their drawn size, so no label falls below 8 CSS pixels. A figure no
    /// wider fits a phone as it is.
    public static let phoneWidth = 340.0

    /// One drawing of a figure.
    public enum Variant: CaseIterable, Sendable {
        case light, dark, narrow, narrowDark

        /// What the variant adds to the figure's name.
        var suffix: String {
            switch self {
            case .light: return ""
            case .dark: return "-dark"
            case .narrow: return "-narrow"
            case .narrowDark: return "-narrow-dark"
            }
        }

        /// The same layout in the dark scheme.
        public var dark: Variant { self == .light || self == .dark ? .dark : .narrowDark }
        public var isDark: Bool { self == .dark || self == .narrowDark }
    }

    /// The variant's files without extension (`loss-narrow-dark`), as `Figure.write(to:)` takes them.
    public static func base(_ name: String, _ variant: Variant) -> String { name + variant.suffix }
    public static func png(_ name: String, _ variant: Variant) -> String { base(name, variant) + ".png" }
    public static func svg(_ name: String, _ variant: Variant) -> String { base(name, variant) + ".svg" }
}
