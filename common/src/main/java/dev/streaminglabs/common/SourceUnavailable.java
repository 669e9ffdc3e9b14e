package dev.streaminglabs.common;

/**
 * The demo gave up on its source: nothing listening where it should read, a port it cannot take, a server that
 * closes the connection. The message names the address and what to check; {@link Demo} prints it and exits with
 * {@link Demo#SOURCE_UNAVAILABLE}.
 */
public final class SourceUnavailable extends RuntimeException {

    public SourceUnavailable(String message) {
        super(message);
    }
}
