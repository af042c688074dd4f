/// What can go wrong while training or restoring a model, each with a message a user can act on.
public enum LearningError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite: training has diverged and every later step would be garbage.
    case nonFiniteLoss(epoch: Int, step: Int, value: Float)
    /// No checkpoint file at `path`.
    case checkpointMissing(path: String)
    /// The file exists but cannot be read.
    case checkpointUnreadable(path: String, reason: String)
    /// The file does not start with `Checkpoint.magic`: it is not a checkpoint.
    case checkpointWrongMagic(path: String)
    /// The file is a checkpoint of a format version this build does not read.
    case checkpointUnsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The stored SHA-256 does not match the bytes: the file was damaged after it was written.
    case checkpointChecksumMismatch(path: String)
    /// The file ends before the tensors it announces.
    case checkpointTruncated(path: String)
    /// The checkpoint lacks a tensor the model has (the model changed since it was saved).
    case checkpointMissingTensor(path: String, name: String)
    /// A stored tensor's shape differs from the model's (a layer was resized since it was saved).
    case checkpointShapeMismatch(path: String, name: String, stored: [Int], expected: [Int])
    /// A C kernel could not allocate its scratch memory, so its output would be incomplete.
    case kernelOutOfMemory(operation: String)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(epoch, step, value):
            return "training diverged: loss is \(value) at epoch \(epoch), step \(step) (try a smaller learning rate)"
        case let .checkpointMissing(path):
            return "\(path): checkpoint not found"
        case let .checkpointUnreadable(path, reason):
            return "\(path): checkpoint cannot be read (\(reason))"
        case let .checkpointWrongMagic(path):
            return "\(path): not a Latent checkpoint (wrong magic bytes)"
        case let .checkpointUnsupportedVersion(path, found, supported):
            return "\(path): checkpoint format version \(found), this build reads version \(supported)"
        case let .checkpointChecksumMismatch(path):
            return "\(path): checkpoint checksum does not match its contents (the file is corrupt)"
        case let .checkpointTruncated(path):
            return "\(path): checkpoint is truncated"
        case let .checkpointMissingTensor(path, name):
            return "\(path): checkpoint has no tensor '\(name)'"
        case let .checkpointShapeMismatch(path, name, stored, expected):
            return "\(path): tensor '\(name)' has shape \(stored) in the checkpoint but \(expected) in the model"
        case let .kernelOutOfMemory(operation):
            return "\(operation): out of memory (its C kernel could not allocate scratch; try a smaller batch or fewer threads)"
        }
    }
}

/// Stops training with an error naming where the loss stopped being a finite number.
public func checkFinite(_ loss: Float, epoch: Int, step: Int) throws {
    guard loss.isFinite else { throw LearningError.nonFiniteLoss(epoch: epoch, step: step, value: loss) }
}
