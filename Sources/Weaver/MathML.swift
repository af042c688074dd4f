/// Turns a small subset of TeX into MathML, so chapter prose can write `$$\mathcal{L} = …$$` and
/// the page shows real math in any browser, with no script or web font.
///
/// Supported: letters (italic), numbers, operators, `{}` groups, `^` and `_`, `\frac`, `\sqrt`,
/// `\hat`/`\bar`/`\tilde`, `\text`, `\mathbb`, `\mathcal`, `\mathrm`, `\operatorname`, `\left`/`\right`,
/// `\underbrace{…}_{…}`, Greek letters, big operators (`\sum` with limits), and the symbols in `MathML.symbols`.
/// Anything else is an error naming the command, so a typo never renders as something else.
public enum MathML {
    public struct UnknownCommand: Error, CustomStringConvertible {
        public let command: String
        public let formula: String
        public var description: String { "unknown TeX command \\\(command) in formula: \(formula)" }
    }

    /// `<math>` for `tex`; `display` makes it a centred block.
    public static func render(_ tex: String, display: Bool) throws -> String {
        var parser = Parser(Array(tex), formula: tex)
        let body = try parser.expression(until: nil)
        return "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"\(display ? " display=\"block\"" : "")><mrow>\(body)</mrow></math>"
    }

    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
        "tau": "τ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    static let symbols: [String: String] = [
        "cdot": "·", "times": "×", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "approx": "≈", "sim": "∼",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "mid": "|", "lVert": "‖", "rVert": "‖", "|": "‖", "infty": "∞",
        "partial": "∂", "nabla": "∇", "in": "∈", "propto": "∝", "ldots": "…", "dots": "…", "cdots": "⋯", "pm": "±", "log": "log",
        "exp": "exp", "ln": "ln", "max": "max", "min": "min", "arg": "arg", "sin": "sin", "cos": "cos", "argmin": "argmin",
        "langle": "⟨", "rangle": "⟩", "{": "{", "}": "}", "ell": "ℓ",
    ]

    static let bigOperators: [String: String] = ["sum": "∑", "prod": "∏", "int": "∫"]
    static let namedFunctions: Set<String> = ["log", "exp", "ln", "max", "min", "arg", "sin", "cos", "argmin"]
    static let spaces: [String: String] = [",": "0.17em", ";": "0.28em", "quad": "1em", "qquad": "2em", "!": "-0.17em", " ": "0.25em"]
    static let accents: [String: String] = ["hat": "^", "bar": "¯", "tilde": "~", "vec": "→"]
    static let doubleStruck: [Character: String] = ["E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "P": "ℙ"]
    static let calligraphic: [Character: String] = ["L": "ℒ", "N": "𝒩", "D": "𝒟", "X": "𝒳", "Z": "𝒵", "E": "ℰ", "Q": "𝒬"]
}

private struct Parser {
    let characters: [Character]
    let formula: String
    var position = 0

    init(_ characters: [Character], formula: String) {
        self.characters = characters
        self.formula = formula
    }

    mutating func expression(until closing: Character?) throws -> String {
        var output = ""
        while position < characters.count {
            let character = characters[position]
            if let closing, character == closing {
                position += 1
                return output
            }
            var (atom, isBigOperator) = try self.atom()
            // Scripts: x^2, x_i, x_i^2, \sum_{i=1}^{n}.
            var lower: String?, upper: String?
            while position < characters.count, characters[position] == "_" || characters[position] == "^" {
                let isSub = characters[position] == "_"
                position += 1
                let script = try self.atom().markup
                if isSub { lower = script } else { upper = script }
            }
            let tags = isBigOperator ? ("munder", "mover", "munderover") : ("msub", "msup", "msubsup")
            switch (lower, upper) {
            case let (sub?, sup?): atom = "<\(tags.2)>\(atom)\(sub)\(sup)</\(tags.2)>"
            case let (sub?, nil): atom = "<\(tags.0)>\(atom)\(sub)</\(tags.0)>"
            case let (nil, sup?): atom = "<\(tags.1)>\(atom)\(sup)</\(tags.1)>"
            case (nil, nil): break
            }
            output += atom
        }
        return output
    }

    /// One atom: a group, a command, a run of digits, a letter or an operator.
    mutating func atom() throws -> (markup: String, isBigOperator: Bool) {
        skipSpaces()
        guard position < characters.count else { return ("<mrow></mrow>", false) }
        let character = characters[position]
        position += 1
        if character == "{" { return ("<mrow>\(try expression(until: "}"))</mrow>", false) }
        if character == "\\" { return try command() }
        if character.isNumber {
            var digits = String(character)
            while position < characters.count, characters[position].isNumber || (characters[position] == "." && position + 1 < characters.count && characters[position + 1].isNumber) {
                digits.append(characters[position])
                position += 1
            }
            return ("<mn>\(digits)</mn>", false)
        }
        if character.isLetter { return ("<mi>\(escapeHTML(String(character)))</mi>", false) }
        return ("<mo>\(escapeHTML(character == "-" ? "−" : String(character)))</mo>", false)
    }

    mutating func skipSpaces() {
        while position < characters.count, characters[position] == " " { position += 1 }
    }

    mutating func commandName() -> String {
        guard position < characters.count else { return "" }
        if !characters[position].isLetter {
            position += 1
            return String(characters[position - 1])
        }
        var name = ""
        while position < characters.count, characters[position].isLetter {
            name.append(characters[position])
            position += 1
        }
        return name
    }

    /// The raw text of a `{…}` argument (for \text and font commands).
    mutating func rawArgument() -> String {
        skipSpaces()
        guard position < characters.count, characters[position] == "{" else { return "" }
        position += 1
        var text = ""
        while position < characters.count, characters[position] != "}" {
            text.append(characters[position])
            position += 1
        }
        position += 1
        return text
    }

    mutating func command() throws -> (markup: String, isBigOperator: Bool) {
        let name = commandName()
        if let letter = MathML.greek[name] {
            let upright = letter.first!.isUppercase
            return ("<mi\(upright ? " mathvariant=\"normal\"" : "")>\(letter)</mi>", false)
        }
        if let symbol = MathML.bigOperators[name] { return ("<mo largeop=\"true\" movablelimits=\"false\">\(symbol)</mo>", true) }
        if MathML.namedFunctions.contains(name) { return ("<mi mathvariant=\"normal\">\(name)</mi><mo>&#x2061;</mo>", false) }
        if let symbol = MathML.symbols[name] { return ("<mo>\(escapeHTML(symbol))</mo>", false) }
        if let width = MathML.spaces[name] { return ("<mspace width=\"\(width)\"/>", false) }
        if let accent = MathML.accents[name] {
            return ("<mover accent=\"true\">\(try atom().markup)<mo>\(accent)</mo></mover>", false)
        }
        switch name {
        case "frac": return ("<mfrac>\(try atom().markup)\(try atom().markup)</mfrac>", false)
        case "sqrt": return ("<msqrt>\(try atom().markup)</msqrt>", false)
        case "underbrace":  // its `_{label}` then goes underneath, like a big operator's limit
            return ("<munder accentunder=\"true\">\(try atom().markup)<mo stretchy=\"true\">⏟</mo></munder>", true)
        case "text": return ("<mtext>\(escapeHTML(rawArgument()))</mtext>", false)
        case "mathrm", "operatorname": return ("<mi mathvariant=\"normal\">\(escapeHTML(rawArgument()))</mi>", false)
        case "mathbf": return ("<mi mathvariant=\"bold\">\(escapeHTML(rawArgument()))</mi>", false)
        case "mathbb", "mathcal":
            let table = name == "mathbb" ? MathML.doubleStruck : MathML.calligraphic
            let letters = rawArgument().map { table[$0] ?? String($0) }.joined()
            return ("<mi mathvariant=\"normal\">\(escapeHTML(letters))</mi>", false)
        case "left", "right":
            skipSpaces()
            var delimiter = position < characters.count ? String(characters[position]) : ""
            position += 1
            if delimiter == "\\" { delimiter = MathML.symbols[commandName()] ?? "" }
            if delimiter == "." { return ("", false) }
            return ("<mo stretchy=\"true\">\(escapeHTML(delimiter))</mo>", false)
        default:
            throw MathML.UnknownCommand(command: name, formula: formula)
        }
    }
}
