import CCairo
import Foundation

/// A Cairo drawing surface in logical units (1 unit = 1 CSS pixel), rendering to PNG at a device
/// scale (2× for crisp high-DPI pages) or to SVG. The only type in Latent that talks to Cairo.
public final class Canvas {
    /// What the canvas renders to: a PNG at a device scale, or an SVG.
    public enum Target: Equatable, Sendable {
        /// A bitmap with `scale` device pixels per logical unit (2 for high-DPI screens).
        case png(scale: Double)
        /// Vector paths and text, sharp at any zoom (the pages link to it).
        case svg
    }

    /// Width in logical units (CSS pixels).
    public let width: Double
    /// Height in logical units (CSS pixels).
    public let height: Double
    /// What the drawing becomes when it is encoded.
    public let target: Target
    private let surface: OpaquePointer
    private let context: OpaquePointer
    var cairoContext: OpaquePointer { context }
    private let svgSink = ByteSink()
    /// The smallest font size drawn so far (infinity before any text): what a page may shrink.
    public internal(set) var smallestTextSize = Double.infinity

    /// A blank canvas `width` × `height` logical units for `target`; throws Cairo's message if it cannot be made.
    public init(width: Double, height: Double, target: Target) throws {
        self.width = width
        self.height = height
        self.target = target
        switch target {
        case let .png(scale):
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded(.up)), Int32((height * scale).rounded(.up)))
            cairo_surface_set_device_scale(surface, scale, scale)
        case .svg:
            surface = cairo_svg_surface_create_for_stream(writeToSink, Unmanaged.passUnretained(svgSink).toOpaque(), width, height)
        }
        context = cairo_create(surface)
        try checkStatus("creating the surface")
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Throws Cairo's own message if the context or surface is in an error state.
    func checkStatus(_ operation: String) throws {
        for status in [cairo_status(context), cairo_surface_status(surface)] where status != CAIRO_STATUS_SUCCESS {
            throw FigureError.cairo(operation: operation, message: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Finishes drawing and returns the PNG or SVG bytes.
    public func encoded() throws -> Data {
        try checkStatus("drawing")
        switch target {
        case .png:
            let sink = ByteSink()
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png_stream(surface, writeToSink, Unmanaged.passUnretained(sink).toOpaque())
            guard status == CAIRO_STATUS_SUCCESS else {
                throw FigureError.cairo(operation: "encoding PNG", message: String(cString: cairo_status_to_string(status)))
            }
            return sink.data
        case .svg:
            cairo_surface_finish(surface)
            try checkStatus("finishing SVG")
            return Canvas.numberingIdsFromOne(svgSink.data)
        }
    }

    /// The SVG with Cairo's numbered ids (`surface703`, `image1265`, `glyph3-1`) numbered from 1, per
    /// kind, in order of appearance. Cairo numbers every surface and image the process creates, so
    /// without this an SVG's bytes depended on how many figures were drawn before it, and on which
    /// thread finished first when figures are drawn side by side; now they depend on the figure alone.
    /// An id is a run of letters and digits after `id="`, `href="#` or `url(#` (where the file names or
    /// uses it).
    static func numberingIdsFromOne(_ svg: Data) -> Data {
        let bytes = [UInt8](svg)
        var output: [UInt8] = [], renamed: [[UInt8]: [UInt8]] = [:], counts: [[UInt8]: Int] = [:]
        output.reserveCapacity(bytes.count)
        let marks = [Array("id=\"".utf8), Array("href=\"#".utf8), Array("url(#".utf8)]  // never a colour's "#"
        func isLetter(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (65...90).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
        var index = 0
        while index < bytes.count {
            guard let mark = marks.first(where: { bytes[index...].starts(with: $0) }) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += mark
            index += mark.count
            var letters = index
            while letters < bytes.count, isLetter(bytes[letters]) { letters += 1 }
            var digits = letters
            while digits < bytes.count, isDigit(bytes[digits]) { digits += 1 }
            guard letters > index, digits > letters else { continue }  // not a numbered id
            let kind = Array(bytes[index..<letters]), old = Array(bytes[index..<digits])
            if renamed[old] == nil {
                counts[kind, default: 0] += 1
                renamed[old] = kind + Array(String(counts[kind]!).utf8)
            }
            output += renamed[old]!
            index = digits
        }
        return Data(output)
    }

    /// RGBA of the PNG pixel at device coordinates (tests read figures back this way).
    public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8)? {
        guard case .png = target else { return nil }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard x >= 0, y >= 0, x < Int(cairo_image_surface_get_width(surface)), y < Int(cairo_image_surface_get_height(surface)),
              let data = cairo_image_surface_get_data(surface) else { return nil }
        let word = (data + y * stride + x * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { $0.pointee }
        return (UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff), UInt8(word >> 24))
    }

    /// Device pixels per logical unit (1 for SVG).
    public var scale: Double {
        if case let .png(scale) = target { return scale }
        return 1
    }

    // MARK: Shapes

    private func setColor(_ color: Color) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    /// Fills `rect` with `color`, its corners rounded by `cornerRadius`.
    public func fill(_ rect: Rect, _ color: Color, cornerRadius: Double = 0) {
        path(rect, cornerRadius: cornerRadius)
        setColor(color)
        cairo_fill(context)
    }

    /// Outlines `rect` with a line `width` units wide, dashed by `dash` (lengths on, off, …) when given.
    public func stroke(_ rect: Rect, _ color: Color, width: Double, cornerRadius: Double = 0, dash: [Double] = []) {
        path(rect, cornerRadius: cornerRadius)
        strokeCurrentPath(color, width: width, dash: dash)
    }

    /// A straight line from `start` to `end`, dashed by `dash` when given.
    public func line(from start: Point, to end: Point, _ color: Color, width: Double, dash: [Double] = []) {
        polyline([start, end], color, width: width, dash: dash)
    }

    /// A line through `points` in order (a curve of a line plot), dashed by `dash` when given.
    public func polyline(_ points: [Point], _ color: Color, width: Double, dash: [Double] = []) {
        guard let first = points.first else { return }
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        strokeCurrentPath(color, width: width, dash: dash)
    }

    /// A filled polygon (arrow heads, legend swatches).
    public func fillPolygon(_ points: [Point], _ color: Color) {
        guard let first = points.first else { return }
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_close_path(context)
        setColor(color)
        cairo_fill(context)
    }

    /// A filled dot (a scatter plot's point).
    public func circle(center: Point, radius: Double, fill color: Color) {
        cairo_new_sub_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * .pi)
        setColor(color)
        cairo_fill(context)
    }

    /// An × of two strokes through `center`, reaching `radius` along each diagonal.
    public func cross(at center: Point, radius: Double, _ color: Color, width: Double) {
        let d = radius / 2.squareRoot()
        line(from: Point(center.x - d, center.y - d), to: Point(center.x + d, center.y + d), color, width: width)
        line(from: Point(center.x - d, center.y + d), to: Point(center.x + d, center.y - d), color, width: width)
    }

    /// A line from `start` to `end` with a filled arrow head at `end`.
    public func arrow(from start: Point, to end: Point, _ color: Color, width: Double, headLength: Double = 8) {
        let angle = atan2(end.y - start.y, end.x - start.x)
        let base = Point(end.x - headLength * 0.8 * cos(angle), end.y - headLength * 0.8 * sin(angle))
        line(from: start, to: base, color, width: width)
        let spread = 0.42
        fillPolygon([
            end,
            Point(end.x - headLength * cos(angle - spread), end.y - headLength * sin(angle - spread)),
            Point(end.x - headLength * cos(angle + spread), end.y - headLength * sin(angle + spread)),
        ], color)
    }

    private func path(_ rect: Rect, cornerRadius: Double) {
        guard cornerRadius > 0 else { return cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height) }
        let r = Swift.min(cornerRadius, rect.width / 2, rect.height / 2)
        cairo_new_sub_path(context)
        cairo_arc(context, rect.maxX - r, rect.minY + r, r, -.pi / 2, 0)
        cairo_arc(context, rect.maxX - r, rect.maxY - r, r, 0, .pi / 2)
        cairo_arc(context, rect.minX + r, rect.maxY - r, r, .pi / 2, .pi)
        cairo_arc(context, rect.minX + r, rect.minY + r, r, .pi, 3 * .pi / 2)
        cairo_close_path(context)
    }

    private func strokeCurrentPath(_ color: Color, width: Double, dash: [Double]) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_dash(context, dash, Int32(dash.count), 0)
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    /// Restricts drawing to `rect` while `body` runs (plot areas clip their lines).
    public func clipped(to rect: Rect, _ body: () throws -> Void) rethrows {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        defer { cairo_restore(context) }
        try body()
    }

    // MARK: Images

    /// Draws a grey-level image (values in [0, 1], row-major, `columns` wide) into `rect`, each
    /// source pixel a sharp block (nearest-neighbour), coloured by `color(value)`.
    public func image(_ values: [Float], columns: Int, in rect: Rect, color: (Float) -> Color) {
        let rows = values.count / Swift.max(columns, 1)
        guard rows > 0, columns > 0 else { return }
        let bitmap = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(columns), Int32(rows))
        defer { cairo_surface_destroy(bitmap) }
        cairo_surface_flush(bitmap)
        let stride = Int(cairo_image_surface_get_stride(bitmap))
        if let data = cairo_image_surface_get_data(bitmap) {
            for row in 0..<rows {
                let line = (data + row * stride).withMemoryRebound(to: UInt32.self, capacity: columns) { $0 }
                for column in 0..<columns {
                    let c = color(values[row * columns + column])
                    let a = c.alpha
                    func channel(_ v: Double) -> UInt32 { UInt32((v * a * 255).rounded()) }  // premultiplied
                    line[column] = channel(1) << 24 | channel(c.red) << 16 | channel(c.green) << 8 | channel(c.blue)
                }
            }
        }
        cairo_surface_mark_dirty(bitmap)
        cairo_save(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(columns), rect.height / Double(rows))
        cairo_set_source_surface(context, bitmap, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_rectangle(context, 0, 0, Double(columns), Double(rows))
        cairo_fill(context)
        cairo_restore(context)
    }
}

/// Collects the bytes Cairo streams out (PNG or SVG).
final class ByteSink {
    var data = Data()
}

private let writeToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}
