package io.vecgrad.datasets.io;

import io.vecgrad.datasets.DatasetFormatException;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.MalformedFileException;
import io.vecgrad.tensor.io.Npy;
import io.vecgrad.tensor.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Datasets stored as NumPy files, read through {@code io.vecgrad.tensor.io} (one
 * implementation shared with model checkpoints).
 *
 * <pre>{@code
 * TensorDataset d = NumpyData.npz(Path.of("train.npz"), "x", "y");
 * TensorDataset e = NumpyData.npy(Path.of("x.npy"), Path.of("y.npy"));
 * }</pre>
 */
public final class NumpyData {
    private NumpyData() {}

    /** Features and labels from two {@code .npy} files ({@code labels} may be null). */
    public static TensorDataset npy(Path features, Path labels) throws IOException {
        try {
            Tensor x = Npy.read(features);
            Tensor y = labels == null ? null : Npy.read(labels);
            return dataset(x, y, features.toString());
        } catch (MalformedFileException e) {
            throw DatasetFormatException.from(e);
        }
    }

    /** Features and labels from two arrays of one {@code .npz} archive ({@code yKey} may be null). */
    public static TensorDataset npz(Path path, String xKey, String yKey) throws IOException {
        Map<String, Tensor> arrays;
        try {
            arrays = Npz.read(path);
        } catch (MalformedFileException e) {
            throw DatasetFormatException.from(e);
        }
        Tensor x = arrays.get(xKey);
        if (x == null) throw new DatasetFormatException(path.toString(), 0, "no array '" + xKey + "' (has " + arrays.keySet() + ")");
        Tensor y = null;
        if (yKey != null) {
            y = arrays.get(yKey);
            if (y == null) throw new DatasetFormatException(path.toString(), 0, "no array '" + yKey + "' (has " + arrays.keySet() + ")");
        }
        return dataset(x, y, path.toString());
    }

    private static TensorDataset dataset(Tensor x, Tensor y, String name) throws DatasetFormatException {
        try {
            return new TensorDataset(x, y);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(name, 0, e.getMessage());
        }
    }
}
