package io.vecgrad.cli.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A data set that is not on this machine; the message says how to install it. */
public class DatasetUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetUnavailableException(String message) {
        super(message);
    }

    /**
     * Throws unless every file exists.
     *
     * <pre>{@code
     * DatasetUnavailableException.requireFiles("fashion-mnist", "dataset-fashion-mnist",
     *         Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
     * }</pre>
     *
     * @param dataset name shown to the user
     * @param aptPackage the Debian package that provides the files, or null for user files
     */
    public static void requireFiles(String dataset, String aptPackage, Path... files)
            throws DatasetUnavailableException {
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                String how = aptPackage == null ? "check the path"
                        : "install it with: apt-get install " + aptPackage;
                throw new DatasetUnavailableException("dataset '" + dataset + "' is not installed: "
                        + f + " is missing; " + how);
            }
        }
    }
}
