import CKernels
@testable import Learning
import XCTest

/// The kernels that allocate scratch report a failed allocation as LATENT_OUT_OF_MEMORY instead of
/// using a NULL pointer. Each test asks for scratch larger than any address space (2⁶⁰ floats and
/// more), which malloc refuses whatever the machine's overcommit policy, on shapes with no rows or
/// images, so nothing is read or written when it fails.
final class KernelStatusTests: XCTestCase {
    private let impossible = 1 << 60

    /// Layer norm's backward pass allocates each part's gain and bias sums in the calling thread.
    func testLayerNormBackwardReportsFailedAllocation() {
        var nothing: Float = 0
        let status = latent_layer_norm_backward(&nothing, &nothing, &nothing, &nothing, 0, impossible, nil, nil, nil)
        XCTAssertEqual(status, LATENT_OUT_OF_MEMORY)
    }

    /// im2col of one-channel images pads each image into scratch inside the parts: a part that gets
    /// no memory marks the job, and the call reports it once all parts are done.
    func testConvolutionReportsFailedAllocationInAPart() {
        let input: [Float] = [0]
        var output: [Float] = [0]
        XCTAssertEqual(latent_im2col(input, 0, impossible, 1, 1, 1, 1, 0, &output), LATENT_OUT_OF_MEMORY)
        XCTAssertEqual(latent_col2im(input, 0, impossible, 1, 1, 1, 1, 0, &output), LATENT_OUT_OF_MEMORY)
    }

    /// The sparse products keep their listings' memory between calls; after a failed growth they
    /// must not keep a freed buffer, so the next product of an ordinary size works and is right.
    func testSparseProductRecoversAfterFailedAllocation() {
        let operand: [Float] = [0]
        var product: [Float] = [0]
        XCTAssertEqual(latent_sparse_product(operand, operand, &product, 1, 1, impossible), LATENT_OUT_OF_MEMORY)
        let a: [Float] = [0, 2, 0, 0, 3, 0]  // 2 × 3
        let b: [Float] = [1, 2, 3, 4, 5, 6]  // 3 × 2
        var c: [Float] = [1, 1, 1, 1]        // 2 × 2
        XCTAssertEqual(latent_sparse_product(a, b, &c, 2, 2, 3), LATENT_OK)
        let expected: [Float] = [7, 9, 10, 13]  // 1 + 2·[3, 4] and 1 + 3·[3, 4]: only A's non-zeros count
        XCTAssertEqual(c, expected)
    }

    func testMessageNamesTheOperation() {
        let message = LearningError.kernelOutOfMemory(operation: "residualMLP (backward)").description
        XCTAssertTrue(message.hasPrefix("residualMLP (backward): out of memory"), message)
    }
}
