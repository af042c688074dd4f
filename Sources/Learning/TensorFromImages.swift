import Datasets

extension Tensor {
    /// The images at `indices` as a [count, pixels] data tensor of floats in [0, 1]: one batch,
    /// converted from the stored bytes only now, into a buffer recycled from the previous batch.
    public convenience init<Indices: Collection>(images: LabelledImages, indices: Indices) where Indices.Element == Int {
        self.init(uninitializedShape: [indices.count, images.pixelsPerImage])
        images.copyFloats(of: indices, into: data)
    }
}
