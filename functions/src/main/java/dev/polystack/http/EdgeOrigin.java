package dev.polystack.http;

import dev.polystack.app.EdgePolicy;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which address a request comes from, for the per-address limits: API Gateway's {@code sourceIp}, unless the
 * request came through the stack's CloudFront distribution, whose own address that would be. A request proves it
 * came through the distribution by carrying {@link EdgePolicy#ORIGIN_SECRET_HEADER} with the stack's secret (the
 * distribution adds it as an origin custom header); only then is {@link EdgePolicy#VIEWER_ADDRESS_HEADER}, which the
 * distribution's CloudFront Function sets to the viewer's IP address, believed. Anything a client sends straight to the API without the secret
 * is ignored, and a malformed viewer address beside the right secret falls back to {@code sourceIp} with a warning.
 */
public final class EdgeOrigin {
    /** No secret configured: nothing is believed to come through the edge, every request counts by {@code sourceIp}. */
    public static final EdgeOrigin NONE = new EdgeOrigin(null);

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final byte[] secret;

    private EdgeOrigin(String secret) {
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** With the stack's secret; a blank one is refused, since every request would then match it. */
    public static EdgeOrigin trusting(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the edge's origin secret must not be blank");
        }
        return new EdgeOrigin(secret);
    }

    /** From {@link EdgePolicy#ORIGIN_SECRET_VARIABLE}; {@link #NONE} when it is not set. */
    public static EdgeOrigin from(Settings settings) {
        return settings.optional(EdgePolicy.ORIGIN_SECRET_VARIABLE)
                .map(EdgeOrigin::trusting)
                .orElse(NONE);
    }

    /** The address the per-address limits count this request under. */
    public String clientAddress(ApiRequest request) {
        String sourceIp = request.sourceIp();
        if (!cameThroughTheEdge(request)) {
            return sourceIp;
        }
        Optional<String> viewer =
                request.header(EdgePolicy.VIEWER_ADDRESS_HEADER).flatMap(EdgeOrigin::viewerIp);
        if (viewer.isEmpty()) {
            InvocationLog.warn(
                    "viewer_address_unreadable",
                    EdgePolicy.VIEWER_ADDRESS_HEADER,
                    request.header(EdgePolicy.VIEWER_ADDRESS_HEADER)
                            .map(EdgeOrigin::printable)
                            .orElse("(absent)"),
                    "a request with the edge's secret had no readable viewer address; counted under sourceIp "
                            + sourceIp);
            return sourceIp;
        }
        return viewer.get();
    }

    private boolean cameThroughTheEdge(ApiRequest request) {
        if (secret == null) {
            return false;
        }
        // Compared in constant time: the time a mismatch takes says nothing about how much of the secret matched.
        return request.header(EdgePolicy.ORIGIN_SECRET_HEADER)
                .map(sent -> MessageDigest.isEqual(secret, sent.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    /**
     * The IP address the edge's function wrote ({@code event.viewer.ip}: an IPv4 address in dotted decimal or an
     * IPv6 address, no port, no brackets), in its canonical text form, or empty when the value is anything else.
     * Never a name lookup: only literals are read.
     */
    public static Optional<String> viewerIp(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (IPV4.matcher(value).matches()) {
            return literal(value);
        }
        if (value.contains(":") && IPV6_CHARACTERS.matcher(value).matches()) {
            return literal(value).filter(address -> address.contains(":") || isMappedIpv4(value));
        }
        return Optional.empty();
    }

    /** A literal the patterns above let through, which InetAddress parses without a lookup. */
    private static Optional<String> literal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return Optional.of(address.getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isMappedIpv4(String host) {
        return host.toLowerCase(java.util.Locale.ROOT).startsWith("::ffff:");
    }

    /** A header value for a log line: at most 64 characters, nothing outside printable ASCII. */
    private static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
