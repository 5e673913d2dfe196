package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java code of the pages listed here compiles and runs: each {@code ```java} block is found, line for
 * line, in a source file of this module (main or test), which the build compiles and whose tests run it.
 * Lines are compared stripped of indentation, blank lines ignored; a line {@code // ...} in a block elides
 * code, and the parts around it must appear in that order in one file.
 */
class DocumentSnippetsTest {

    /** The pages whose Java blocks are all copied from this module's sources. */
    private static final List<String> PAGES = List.of("docs/virtual-time.md");
    private static final String ELISION = "// ...";

    @Test
    void everyJavaBlockOfTheCheckedPagesIsCodeOfThisModule() {
        Path root = RepositoryRoot.path();
        List<List<String>> sources = sources(root.resolve("examples/src"));
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        for (String page : PAGES) {
            for (Block block : javaBlocks(root.resolve(page))) {
                blocks++;
                if (sources.stream().noneMatch(source -> containsInOrder(source, block.parts()))) {
                    missing.add(page + ":" + block.line() + " — not found in examples/src: " + block.parts());
                }
            }
        }
        assertThat(blocks).as("Java blocks checked").isPositive();
        assertThat(missing).as("Java blocks that are not this module's code").isEmpty();
    }

    @Test
    void aBlockIsFoundAcrossIndentationAndElisionsButNotWithAChangedLine() {
        List<String> source = normalized(List.of("class A {", "    void f() {", "", "        int x = 1;", "        x++;",
                "    }", "    void g() {}", "}"));
        assertThat(containsInOrder(source, List.of(List.of("void f() {", "int x = 1;"), List.of("void g() {}")))).isTrue();
        assertThat(containsInOrder(source, List.of(List.of("void g() {}"), List.of("void f() {"))))
                .as("parts out of order").isFalse();
        assertThat(containsInOrder(source, List.of(List.of("int x = 2;")))).isFalse();
    }

    private record Block(int line, List<List<String>> parts) {
    }

    /** The {@code ```java} blocks of a page, each split at its elisions into normalized parts. */
    private static List<Block> javaBlocks(Path page) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = read(page);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            List<List<String>> parts = new ArrayList<>();
            List<String> part = new ArrayList<>();
            for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i).strip();
                if (line.equals(ELISION)) {
                    parts.add(part);
                    part = new ArrayList<>();
                } else if (!line.isEmpty()) {
                    part.add(line);
                }
            }
            parts.add(part);
            parts.removeIf(List::isEmpty);
            blocks.add(new Block(start, parts));
        }
        return blocks;
    }

    /** Whether each part occurs as consecutive lines of {@code source}, each after the one before. */
    static boolean containsInOrder(List<String> source, List<List<String>> parts) {
        int from = 0;
        for (List<String> part : parts) {
            int at = indexOf(source, part, from);
            if (at < 0) {
                return false;
            }
            from = at + part.size();
        }
        return true;
    }

    private static int indexOf(List<String> source, List<String> part, int from) {
        for (int i = from; i + part.size() <= source.size(); i++) {
            if (source.subList(i, i + part.size()).equals(part)) {
                return i;
            }
        }
        return -1;
    }

    private static List<List<String>> sources(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(f -> normalized(read(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> normalized(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
