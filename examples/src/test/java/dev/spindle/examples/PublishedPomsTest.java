package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The POMs carry what Maven Central requires of every published artifact (name, description, url,
 * licenses, scm, developers; the modules inherit all but their name and description from
 * spindle-parent), spindle-bom, which has no parent, repeats the parent's metadata and lists every
 * published module, and the modules that are not published are neither installed nor deployed.
 * The published modules are those with a module-info.java: the parent's modular-jar profile gives
 * exactly them their sources and javadoc jars.
 */
class PublishedPomsTest {

    private static final List<String> PROJECT_METADATA = List.of("url", "licenses", "scm", "developers");

    private final Path root = RepositoryRoot.path();
    private final Element parent = project(root.resolve("pom.xml"));
    private final Element bom = project(root.resolve("bom/pom.xml"));

    @Test
    void theParentHasCentralsMetadataAndTheLicenceFileIsApache2() throws Exception {
        for (String element : PROJECT_METADATA) {
            assertThat(child(parent, element)).as("spindle-parent's <%s>", element).isNotNull();
        }
        Element licence = child(child(parent, "licenses"), "license");
        assertThat(text(licence, "name")).isEqualTo("Apache-2.0");
        Element scm = child(parent, "scm");
        assertThat(List.of(text(scm, "connection"), text(scm, "developerConnection"), text(scm, "url")))
                .allSatisfy(value -> assertThat(value).isNotBlank());
        assertThat(text(child(child(parent, "developers"), "developer"), "name")).isNotBlank();
        assertThat(Files.readString(root.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION", "END OF TERMS AND CONDITIONS");
    }

    @Test
    void everyPublishedModuleHasANameADescriptionAndInheritsTheRestFromTheParent() {
        List<String> published = publishedModules();
        assertThat(published).contains("core", "sts", "metrics").doesNotContain("examples", "benchmarks");
        for (String module : published) {
            Element pom = project(root.resolve(module).resolve("pom.xml"));
            assertThat(text(pom, "name")).as("%s's <name>", module).isNotBlank();
            assertThat(text(pom, "description")).as("%s's <description>", module).isNotBlank();
            assertThat(text(child(pom, "parent"), "artifactId")).as("%s's parent", module).isEqualTo("spindle-parent");
            for (String element : PROJECT_METADATA) {
                assertThat(child(pom, element)).as("%s overrides the parent's <%s>", module, element).isNull();
            }
        }
        assertThat(parent.getAttribute("child.project.url.inherit.append.path"))
                .as("modules share the project's url instead of appending their artifactId").isEqualTo("false");
    }

    @Test
    void theBomRepeatsTheParentsMetadataAndVersionAndManagesEveryPublishedModule() {
        assertThat(child(bom, "parent")).as("a BOM with a parent would import the parent's dependencyManagement").isNull();
        assertThat(text(bom, "groupId")).isEqualTo(text(parent, "groupId"));
        assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
        assertThat(text(bom, "packaging")).isEqualTo("pom");
        assertThat(text(bom, "name")).isNotBlank();
        assertThat(text(bom, "description")).isNotBlank();
        for (String element : PROJECT_METADATA) {
            assertThat(normalized(child(bom, element))).as("spindle-bom's <%s>", element)
                    .isEqualTo(normalized(child(parent, element)));
        }

        List<String> managed = new ArrayList<>();
        NodeList dependencies = child(child(bom, "dependencyManagement"), "dependencies").getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertThat(text(dependency, "version")).isEqualTo("${project.version}");
            managed.add(text(dependency, "artifactId"));
        }
        List<String> expected = publishedModules().stream()
                .map(module -> text(project(root.resolve(module).resolve("pom.xml")), "artifactId"))
                .toList();
        assertThat(managed).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void examplesAndBenchmarksAreNeitherInstalledNorDeployed() {
        for (String module : List.of("examples", "benchmarks")) {
            Element properties = child(project(root.resolve(module).resolve("pom.xml")), "properties");
            assertThat(text(properties, "maven.install.skip")).as("%s: maven.install.skip", module).isEqualTo("true");
            assertThat(text(properties, "maven.deploy.skip")).as("%s: maven.deploy.skip", module).isEqualTo("true");
        }
    }

    private List<String> publishedModules() {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve("src/main/java/module-info.java")))
                    .map(folder -> folder.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Element project(Path pom) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    /** The direct child element of that name, or null. */
    private static Element child(Element element, String name) {
        if (element == null) {
            return null;
        }
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    private static String text(Element element, String name) {
        Element child = child(element, name);
        return child == null ? null : child.getTextContent().strip();
    }

    /** An element's text with its whitespace collapsed, for comparing two copies of it. */
    private static String normalized(Element element) {
        return element == null ? null : element.getTextContent().replaceAll("\\s+", " ").strip();
    }
}
