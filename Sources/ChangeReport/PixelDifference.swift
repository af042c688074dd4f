import CCairo
import Foundation

/// How two PNG pictures of a figure differ, pixel by pixel, decoded with Cairo (the library that
/// drew them): the share of pixels that differ, and a difference image in which unchanged pixels
/// are the new picture faded to a quiet grey and changed ones are a strong magenta, so a change of
/// a few pixels is still visible at a glance (as `dvc plots diff` shows an overlay).
struct PixelDifference {
    /// Differing pixels over all pixels (1 when the sizes differ or a picture cannot be read).
    var share: Double
    /// "W×H → W×H" when the pictures' sizes differ.
    var sizeChange: String?
    /// The difference image as PNG bytes (nil when nothing differs or the sizes differ).
    var image: Data?

    /// Compares the PNG files at two paths. Identical files are not decoded.
    static func compare(_ oldPath: String, _ newPath: String) throws -> PixelDifference {
        let manager = FileManager.default
        guard let oldBytes = manager.contents(atPath: oldPath), let newBytes = manager.contents(atPath: newPath) else {
            return PixelDifference(share: 1, sizeChange: nil, image: nil)
        }
        if oldBytes == newBytes { return PixelDifference(share: 0, sizeChange: nil, image: nil) }
        let old = try DecodedPicture(path: oldPath), new = try DecodedPicture(path: newPath)
        guard old.width == new.width, old.height == new.height else {
            return PixelDifference(share: 1, sizeChange: "\(old.width)×\(old.height) → \(new.width)×\(new.height)", image: nil)
        }
        var changed = 0
        var difference = [UInt32](repeating: 0, count: new.pixels.count)
        for index in 0..<new.pixels.count {
            let now = new.pixels[index]
            if old.pixels[index] != now {
                changed += 1
                difference[index] = 0xFFE0_0090  // opaque magenta
            } else {
                difference[index] = faded(now)
            }
        }
        guard changed > 0 else { return PixelDifference(share: 0, sizeChange: nil, image: nil) }
        let share = Double(changed) / Double(max(1, new.pixels.count))
        return PixelDifference(share: share, sizeChange: nil, image: try encodePNG(difference, width: new.width, height: new.height))
    }

    /// An unchanged pixel, as a light grey that keeps the picture's shapes readable under the magenta.
    static func faded(_ argb: UInt32) -> UInt32 {
        let alpha = Double((argb >> 24) & 0xFF) / 255
        // Premultiplied channels: over white, the luminance of the pixel.
        let red = Double((argb >> 16) & 0xFF), green = Double((argb >> 8) & 0xFF), blue = Double(argb & 0xFF)
        let luminance = (0.299 * red + 0.587 * green + 0.114 * blue) + 255 * (1 - alpha)
        let grey = UInt32(200 + luminance / 255 * 55)
        return 0xFF00_0000 | grey << 16 | grey << 8 | grey
    }

    /// Encodes opaque ARGB pixels as a PNG with Cairo.
    static func encodePNG(_ pixels: [UInt32], width: Int, height: Int) throws -> Data {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw ChangeReportError.picture(path: "difference image", reason: "cannot make a surface")
        }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw ChangeReportError.picture(path: "difference image", reason: "no pixel memory")
        }
        for row in 0..<height {
            let line = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width { line[column] = pixels[row * width + column] }
        }
        cairo_surface_mark_dirty(surface)
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ChangeReportError.picture(path: "difference image", reason: String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }
}

/// Where Cairo's PNG writer puts its bytes.
private final class PNGSink { var data = Data() }

/// A PNG file's pixels as premultiplied ARGB words, row by row (Cairo's own layout).
struct DecodedPicture {
    let width: Int
    let height: Int
    let pixels: [UInt32]

    init(path: String) throws {
        guard let surface = cairo_image_surface_create_from_png(path) else {
            throw ChangeReportError.picture(path: path, reason: "cannot decode")
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ChangeReportError.picture(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
        let format = cairo_image_surface_get_format(surface)
        guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 else {
            throw ChangeReportError.picture(path: path, reason: "unexpected pixel format \(format.rawValue)")
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw ChangeReportError.picture(path: path, reason: "no pixel memory")
        }
        // RGB24 leaves the top byte undefined: read it as opaque.
        let mask: UInt32 = format == CAIRO_FORMAT_RGB24 ? 0x00FF_FFFF : 0xFFFF_FFFF
        let fill: UInt32 = format == CAIRO_FORMAT_RGB24 ? 0xFF00_0000 : 0
        var pixels = [UInt32](repeating: 0, count: width * height)
        for row in 0..<height {
            let line = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width { pixels[row * width + column] = line[column] & mask | fill }
        }
        self.pixels = pixels
    }
}

/// A change report that could not be made or read, naming the file.
public enum ChangeReportError: Error, CustomStringConvertible {
    case picture(path: String, reason: String)
    case unreadableReport(path: String, reason: String)

    public var description: String {
        switch self {
        case let .picture(path, reason): return "\(path): cannot compare the picture (\(reason))"
        case let .unreadableReport(path, reason): return "\(path): cannot read the change report (\(reason)); the next build writes a new one"
        }
    }
}
