extension HeatMap {
    /// The smallest cell that still holds a printed value at 8 px or more (cells print values at
    /// up to a third of their side).
    static let smallestCellWithValues = 26.0
    /// The smallest cell a map without values is drawn with: below it, neighbours blur together.
    static let smallestCell = 4.0

    /// The same matrix with smaller cells, to fit `width`; nil when the cells would become too
    /// small for their printed values (the page scrolls such a map sideways instead).
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        guard columns > 0 else { return nil }
        let fixed = bodySize(style: style).width - Double(columns) * cellSize
        let cell = ((Self.bodyWidth(forWidth: width) - fixed) / Double(columns)).rounded(.down)
        guard cell >= (showValues ? Self.smallestCellWithValues : Self.smallestCell) else { return nil }
        var narrow = self
        narrow.cellSize = min(cell, cellSize)
        return narrow
    }
}
