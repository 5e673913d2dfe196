package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and anchor in the repository's Markdown documents resolves: README.md, every
 * page under docs/, DESIGN.md, CHANGELOG.md, RELEASING.md and benchmarks/README.md. Links to the web
 * are not fetched. Anchors are checked against the headings of the target page, slugged as GitHub does.
 */
class DocumentLinksTest {

    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

    @Test
    void everyRelativeLinkAndAnchorInTheDocumentsResolves() {
        Path root = RepositoryRoot.path();
        List<Path> documents = documents(root);
        assertThat(documents).as("the documents to check").contains(root.resolve("README.md"));
        assertThat(links(root.resolve("README.md"))).extracting(Link::target).as("the README's links, as found")
                .contains("docs/engines.md", "docs/asyncio-differences.md", "LICENSE");

        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (Link link : links(document)) {
                String problem = problemWith(document, link.target());
                if (problem != null) {
                    broken.add(root.relativize(document) + ":" + link.line() + ": " + link.target() + " — " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void headingsAreSluggedAsGitHubDoes() {
        assertThat(slugs(List.of("## Tasks, groups, timeouts", "### asyncio → Spindle", "## The `Spindle.run` call",
                "## Add it", "## Add it", "# Spindle — design")))
                .containsExactly("tasks-groups-timeouts", "asyncio--spindle", "the-spindlerun-call", "add-it",
                        "add-it-1", "spindle--design");
    }

    @Test
    void aBrokenFileLinkAndABrokenAnchorAreReported() {
        Path root = RepositoryRoot.path();
        Path readme = root.resolve("README.md");
        assertThat(problemWith(readme, "docs/no-such-page.md")).contains("no such file");
        assertThat(problemWith(readme, "#no-such-heading")).contains("no heading");
        assertThat(problemWith(readme, "DESIGN.md")).isNull();
    }

    private static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>();
        for (String name : List.of("README.md", "DESIGN.md", "CHANGELOG.md", "RELEASING.md", "benchmarks/README.md")) {
            Path path = root.resolve(name);
            if (Files.isRegularFile(path)) {
                documents.add(path);
            }
        }
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> pages = Files.list(docs)) {
                pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    private record Link(int line, String target) {
    }

    /** The link targets of a document, outside fenced code blocks and code spans. */
    private static List<Link> links(Path document) {
        List<Link> links = new ArrayList<>();
        boolean inFence = false;
        List<String> lines = readLines(document);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                links.add(new Link(i + 1, inline.group(1)));
            }
            Matcher reference = REFERENCE_DEFINITION.matcher(text);
            if (reference.find()) {
                links.add(new Link(i + 1, reference.group(1)));
            }
        }
        return links;
    }

    /** Why a link from the document does not resolve, or null when it does (or leaves the repository). */
    private static String problemWith(Path document, String target) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null; // https:, mailto: ... : not fetched
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file: " + resolved;
        }
        if (anchor == null || anchor.isEmpty()) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return anchor.matches("L\\d+(-L\\d+)?") ? null : "an anchor into a file that is not Markdown";
        }
        return slugs(readLines(resolved)).contains(anchor) ? null : "no heading with the anchor #" + anchor + " in " + resolved.getFileName();
    }

    /** GitHub's anchors of a document's headings, in order: duplicates get -1, -2, ... */
    private static List<String> slugs(List<String> lines) {
        List<String> slugs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) {
                continue;
            }
            String slug = slug(heading.group(1));
            int count = seen.merge(slug, 1, Integer::sum);
            slugs.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return slugs;
    }

    private static String slug(String headingText) {
        String text = headingText
                .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // a link shows its text
                .replace("`", "")
                .replace("*", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
