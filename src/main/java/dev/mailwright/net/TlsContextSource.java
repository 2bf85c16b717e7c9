package dev.mailwright.net;

import javax.net.ssl.SSLContext;

/**
 * Where TLS listeners and STARTTLS get their server context: the configured Spring Boot SSL bundle, else
 * the self-signed certificate generated once into the data dir ({@code config} implements this).
 * Asked again for every handshake so that a reloaded certificate is used without restart.
 */
public interface TlsContextSource {
    SSLContext serverContext();
}
