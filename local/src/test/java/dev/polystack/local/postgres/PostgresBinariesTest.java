package dev.polystack.local.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {
    @TempDir
    Path dir;

    static void fakeBinaries(Path bin) throws Exception {
        Files.createDirectories(bin);
        for (String tool : new String[] {"initdb", "pg_ctl"}) {
            Path file = Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aMissingPostgresIsOneClearSentence() {
        Optional<Path> none = PostgresServer.findBinaries(null, dir.resolve("no-lib"), dir.resolve("empty-path").toString());
        assertTrue(none.isEmpty());
        StartupException missing = assertThrows(StartupException.class, () -> PostgresServer.requireBinaries(none));
        assertEquals("PostgreSQL is not installed: install it (apt-get install postgresql) or set DATABASE_URL to an existing server",
                missing.getMessage());
    }

    @Test
    void picksTheNewestInstalledVersionUnlessPgBinSaysOtherwise() throws Exception {
        fakeBinaries(dir.resolve("lib/13/bin"));
        fakeBinaries(dir.resolve("lib/16/bin"));
        fakeBinaries(dir.resolve("custom"));
        assertEquals(Optional.of(dir.resolve("lib/16/bin")), PostgresServer.findBinaries(null, dir.resolve("lib"), ""));
        assertEquals(Optional.of(dir.resolve("custom")), PostgresServer.findBinaries(dir.resolve("custom").toString(), dir.resolve("lib"), ""));
        assertEquals(Optional.of(dir.resolve("custom")), PostgresServer.findBinaries(null, dir.resolve("no-lib"), dir.resolve("custom").toString()));
    }
}
