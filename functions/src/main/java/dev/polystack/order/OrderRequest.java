package dev.polystack.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client asked to buy: 1 to 50 lines, duplicates merged, in product id order. Its hash
 * identifies the request, so a retried key with another body can be told from a true retry.
 */
public record OrderRequest(List<OrderLine> lines) {
    public static final int MAX_LINES = 50;

    public static OrderRequest of(List<OrderLine> requested) {
        if (requested == null || requested.isEmpty() || requested.size() > MAX_LINES) {
            throw OrderErrors.invalidItems(MAX_LINES);
        }
        Map<String, Integer> merged = new TreeMap<>();
        for (OrderLine line : requested) {
            merged.merge(line.productId(), line.quantity(), Integer::sum);
        }
        List<OrderLine> lines = merged.entrySet().stream()
                .map(e -> new OrderLine(e.getKey(), e.getValue()))
                .toList();
        return new OrderRequest(lines);
    }

    public String hash() {
        StringBuilder canonical = new StringBuilder();
        for (OrderLine line : lines) {
            canonical
                    .append(line.productId())
                    .append(':')
                    .append(line.quantity())
                    .append('\n');
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
