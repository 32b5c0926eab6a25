package dev.polystack.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.awscdk.App;

/**
 * The feature flags `cdk init` writes into a new project's cdk.json: aws-cdk-lib ships them as
 * recommended-feature-flags.json inside the jsii bundle (a .tgz) in its jar.
 */
final class RecommendedFlags {
    static final String ENTRY = "package/recommended-feature-flags.json";

    private RecommendedFlags() {}

    static String read() throws IOException {
        Path jar;
        try {
            jar = Path.of(App.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry bundle = zip.stream()
                    .filter(e -> e.getName().endsWith(".jsii.tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no jsii bundle in " + jar));
            try (InputStream tar = new GZIPInputStream(zip.getInputStream(bundle), 1 << 16)) {
                return find(tar);
            }
        }
    }

    /** Walks a tar stream (512-byte headers, sizes in octal) to the one entry wanted. */
    private static String find(InputStream tar) throws IOException {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = Long.parseLong(text(header, 124, 12).trim(), 8);
            long padded = (size + 511) / 512 * 512;
            if (path.equals(ENTRY)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(tar.readNBytes((int) size));
                return out.toString(StandardCharsets.UTF_8);
            }
            tar.skipNBytes(padded);
        }
        throw new IOException(ENTRY + " not found in aws-cdk-lib's jsii bundle");
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
