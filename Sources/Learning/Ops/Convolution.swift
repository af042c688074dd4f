import CKernels

// Convolutions on NHWC tensors ([batch, height, width, channels]), each one big matrix product.
//
// im2col copies every k×k patch of the input into a row of a matrix, so a convolution becomes
// patches [N·Ho·Wo, k·k·C] × weights [k·k·C, O] → output [N·Ho·Wo, O], which is already NHWC. The
// backward pass is two more products and col2im, which adds each patch-row back where it came from.

/// The geometry of a square-kernel convolution on a batch of images.
struct ConvolutionGeometry {
    let batch: Int, height: Int, width: Int, channels: Int
    let kernel: Int, stride: Int, padding: Int

    var outputHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Rows of the patch matrix: one per output position.
    var patches: Int { batch * outputHeight * outputWidth }
    /// Columns of the patch matrix: one per kernel tap and input channel.
    var patchSize: Int { kernel * kernel * channels }

    /// Fills `patches` ([patches, patchSize], zero where the kernel overhangs) from `image`
    /// (CKernels/convolution.c, images shared between the compute threads).
    func im2col(_ image: UnsafePointer<Float>, into patches: UnsafeMutablePointer<Float>) {
        requireKernel(latent_im2col(image, batch, height, width, channels, kernel, stride, padding, patches), "im2col")
    }

    /// Adds every patch-row of `patches` back into `image` (the adjoint of im2col).
    func col2im(_ patches: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        requireKernel(latent_col2im(patches, batch, height, width, channels, kernel, stride, padding, image), "col2im")
    }
}

/// A 2-D convolution: `x` is [N, H, W, C], `weight` [k·k·C, O] (taps row-major, channels inside),
/// `bias` [O]; the result is [N, Ho, Wo, O].
public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor, kernel: Int, stride: Int = 1, padding: Int = 0) -> Tensor {
    precondition(x.shape.count == 4, "conv2d needs [N, H, W, C], got \(x.shape)")
    let geometry = ConvolutionGeometry(batch: x.shape[0], height: x.shape[1], width: x.shape[2], channels: x.shape[3],
                                       kernel: kernel, stride: stride, padding: padding)
    let outputs = weight.columns
    precondition(weight.rows == geometry.patchSize && bias.count == outputs, "conv2d: weight \(weight.shape) does not fit \(x.shape)")
    let patches = BufferPool.shared.take(geometry.patches * geometry.patchSize)
    geometry.im2col(x.data, into: patches)
    let y = Tensor(uninitializedShape: [geometry.batch, geometry.outputHeight, geometry.outputWidth, outputs], inputs: [x, weight, bias]) { y in
        let upstream = UnsafePointer(y.gradientBuffer())
        weight.addToGradient { gradient in  // ∂W = patchesᵀ · ∂y
            BLAS.gemm(transposeA: true, transposeB: false, m: geometry.patchSize, n: outputs, k: geometry.patches,
                      a: patches, b: upstream, beta: 1, c: gradient)
        }
        bias.addToGradient { gradient in
            latent_accumulate_rows(upstream, gradient, geometry.patches * outputs, outputs, 1)  // column sums of ∂y
        }
        x.addToGradient { gradient in  // ∂patches = ∂y · Wᵀ, then col2im
            let patchGradient = BufferPool.shared.take(geometry.patches * geometry.patchSize)
            defer { BufferPool.shared.give(patchGradient, count: geometry.patches * geometry.patchSize) }
            BLAS.gemm(transposeA: false, transposeB: true, m: geometry.patches, n: geometry.patchSize, k: outputs,
                      a: upstream, b: weight.data, beta: 0, c: patchGradient)
            geometry.col2im(patchGradient, into: gradient)
        }
    }
    latent_repeat_row(bias.data, y.data, geometry.patches, outputs)
    BLAS.gemm(transposeA: false, transposeB: false, m: geometry.patches, n: outputs, k: geometry.patchSize,
              a: patches, b: weight.data, beta: 1, c: y.data)
    y.keepForBackward(patches, count: geometry.patches * geometry.patchSize)
    return y
}

/// A transposed convolution (the adjoint of `conv2d`, used to upsample): `x` is [N, H, W, C],
/// `weight` [C, k·k·O], `bias` [O]; the result is [N, Ho, Wo, O] with Ho = (H − 1)·stride − 2·padding + k.
public func transposedConv2d(_ x: Tensor, weight: Tensor, bias: Tensor, kernel: Int, stride: Int = 1, padding: Int = 0) -> Tensor {
    precondition(x.shape.count == 4, "transposedConv2d needs [N, H, W, C], got \(x.shape)")
    let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let outputs = weight.columns / (kernel * kernel)
    precondition(weight.rows == channels && weight.columns == kernel * kernel * outputs && bias.count == outputs,
                 "transposedConv2d: weight \(weight.shape) does not fit \(x.shape)")
    let outputHeight = (height - 1) * stride - 2 * padding + kernel
    let outputWidth = (width - 1) * stride - 2 * padding + kernel
    // The output's geometry as a convolution input: its patches are exactly x's positions.
    let geometry = ConvolutionGeometry(batch: batch, height: outputHeight, width: outputWidth, channels: outputs,
                                       kernel: kernel, stride: stride, padding: padding)
    precondition(geometry.outputHeight == height && geometry.outputWidth == width, "transposedConv2d: inconsistent geometry")
    let columns = BufferPool.shared.take(geometry.patches * geometry.patchSize)  // x · W, one row per input position
    let y = Tensor(uninitializedShape: [batch, outputHeight, outputWidth, outputs], inputs: [x, weight, bias]) { y in
        let upstream = UnsafePointer(y.gradientBuffer())
        let upstreamPatches = BufferPool.shared.take(geometry.patches * geometry.patchSize)
        defer { BufferPool.shared.give(upstreamPatches, count: geometry.patches * geometry.patchSize) }
        geometry.im2col(upstream, into: upstreamPatches)
        weight.addToGradient { gradient in  // ∂W = xᵀ · im2col(∂y)
            BLAS.gemm(transposeA: true, transposeB: false, m: channels, n: geometry.patchSize, k: geometry.patches,
                      a: x.data, b: upstreamPatches, beta: 1, c: gradient)
        }
        x.addToGradient { gradient in  // ∂x = im2col(∂y) · Wᵀ
            BLAS.gemm(transposeA: false, transposeB: true, m: geometry.patches, n: channels, k: geometry.patchSize,
                      a: upstreamPatches, b: weight.data, beta: 1, c: gradient)
        }
        bias.addToGradient { gradient in
            latent_accumulate_rows(upstream, gradient, batch * outputHeight * outputWidth * outputs, outputs, 1)  // column sums of ∂y
        }
    }
    BLAS.gemm(transposeA: false, transposeB: false, m: geometry.patches, n: geometry.patchSize, k: channels,
              a: x.data, b: weight.data, beta: 0, c: columns)
    latent_repeat_row(bias.data, y.data, batch * outputHeight * outputWidth, outputs)
    geometry.col2im(columns, into: y.data)
    BufferPool.shared.give(columns, count: geometry.patches * geometry.patchSize)
    return y
}
