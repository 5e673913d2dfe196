/**
 * {@code spindle ps PID}, {@code spindle pstree PID}: prints the Spindle tasks of another running JVM,
 * read from its JMX bean {@code dev.spindle:type=Tasks} through the JDK's Attach API. Start it with
 * {@code java -jar spindle-tool.jar}; see {@link dev.spindle.tool.SpindleTool}.
 */
module dev.spindle.tool {
    requires java.management;
    requires jdk.attach;

    exports dev.spindle.tool;
}
