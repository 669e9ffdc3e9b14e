package dev.streaminglabs.common.web;

/**
 * The dashboard's port is taken by another program. An {@link IllegalArgumentException}: like a wrong option, it is
 * fixed on the command line, and the demos say so in one line, without a stack trace.
 */
public final class WebPortBusy extends IllegalArgumentException {

    /** The demos' option that chooses the dashboard's port. */
    public static final String OPTION = "--web-port";

    private final int port;

    public WebPortBusy(int port) {
        super("the dashboard cannot listen on 127.0.0.1:%d: another program uses that port. Choose another with %s P"
                .formatted(port, OPTION) + " (or " + OPTION + " 0 for any free port)");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
