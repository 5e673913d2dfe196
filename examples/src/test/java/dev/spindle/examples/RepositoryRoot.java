package dev.spindle.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** The root of the Spindle repository, for tests that read its documents and POMs. */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /**
     * The folder named by the system property {@code spindle.repository.root} (set by this module's
     * POM), or the parent of the working directory (surefire's default: this module's folder).
     */
    static Path path() {
        String configured = System.getProperty("spindle.repository.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent())
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("examples"))) {
            throw new IllegalStateException(root + " is not the Spindle repository's root: run the test from"
                    + " the examples module or set -Dspindle.repository.root");
        }
        return root;
    }
}
