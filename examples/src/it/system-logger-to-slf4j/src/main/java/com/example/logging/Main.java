package com.example.logging;

import dev.spindle.Spindle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes Spindle log an unretrieved failure, then checks that the line reached SLF4J's log file
 * (args[0]): with slf4j-jdk-platform-logging on the class path, System.Logger goes to SLF4J.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        Path slf4jLog = Path.of(args[0]);
        String finder = System.LoggerFinder.getLoggerFinder().getClass().getName();
        check(finder.startsWith("org.slf4j."), "System.Logger goes to " + finder + ", not to SLF4J");

        Spindle.run(() -> {
            Spindle.createTask("audit", () -> {
                throw new IllegalStateException("nobody joins this task");
            });
            return null;
        });

        String logged = Files.readString(slf4jLog);
        check(logged.contains("ERROR dev.spindle - Task exception was never retrieved: task 'audit'"),
                "Spindle's ERROR line is not in " + slf4jLog + ":\n" + logged);
        check(logged.contains("java.lang.IllegalStateException: nobody joins this task"),
                "the failure's stack trace is not in " + slf4jLog + ":\n" + logged);
        System.out.println("Spindle's System.Logger line reached SLF4J: " + logged.lines().findFirst().orElse(""));
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new AssertionError(failure);
        }
    }
}
