package io.vecgrad.cli.spec;

/**
 * A user error in a command-line value: the message names the flag, the key and the valid
 * choices, and is printed without a stack trace.
 */
public class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}
