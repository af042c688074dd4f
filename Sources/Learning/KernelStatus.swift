import CKernels

/// Stops the program with a message naming `operation` when the C kernel it called could not
/// allocate its scratch memory (`LATENT_OUT_OF_MEMORY`): the kernel's outputs are then incomplete,
/// and an op has no way to hand a thrown error back through the graph, so carrying on would train
/// on garbage. The kernels never dereference a failed allocation; this is where that is reported.
@inline(__always)
func requireKernel(_ status: latent_status, _ operation: StaticString) {
    guard status == LATENT_OK else { fatalError(LearningError.kernelOutOfMemory(operation: "\(operation)").description) }
}
