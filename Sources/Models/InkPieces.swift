/// How many separate pieces of ink an image has: groups of pixels darker than `threshold` that touch
/// (sideways or diagonally), counting only groups of at least `smallest` pixels so that a stray
/// speck is not a piece. A written digit is one or two strokes; an image assembled from unrelated
/// patches is many fragments, which this counts.
public func inkPieces(_ image: [Float], side: Int, threshold: Float = 0.5, smallest: Int = 3) -> Int {
    var seen = [Bool](repeating: false, count: image.count)
    var pieces = 0
    for start in image.indices where image[start] > threshold && !seen[start] {
        var stack = [start], size = 0
        seen[start] = true
        while let pixel = stack.popLast() {
            size += 1
            let (row, column) = (pixel / side, pixel % side)
            for dy in -1...1 {
                for dx in -1...1 {
                    let (y, x) = (row + dy, column + dx)
                    guard (0..<side).contains(y), (0..<side).contains(x) else { continue }
                    let neighbour = y * side + x
                    if image[neighbour] > threshold && !seen[neighbour] {
                        seen[neighbour] = true
                        stack.append(neighbour)
                    }
                }
            }
        }
        if size >= smallest { pieces += 1 }
    }
    return pieces
}
