package dev.mangrove.bootstrap;

/** Hides the password of a MongoDB connection string for logs and start-up lines. */
final class MaskedUri {
    private MaskedUri() {
    }

    static String mask(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int start = scheme + 3;
        int slash = uri.indexOf('/', start);
        int at = uri.lastIndexOf('@', slash < 0 ? uri.length() : slash);
        if (at < start) {
            return uri;
        }
        String credentials = uri.substring(start, at);
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? credentials : credentials.substring(0, colon);
        return uri.substring(0, start) + user + (colon < 0 ? "" : ":****") + uri.substring(at);
    }
}
