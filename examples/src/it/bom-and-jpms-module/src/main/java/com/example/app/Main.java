package com.example.app;

import dev.spindle.Spindle;
import java.util.List;

/** Runs a gather on the module path and checks where Spindle came from; any mismatch fails the build. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        List<String> breakfast = Spindle.run(() -> Spindle.gather(() -> "coffee", () -> "toast"));
        check(breakfast.equals(List.of("coffee", "toast")), "gather returned " + breakfast);

        Module spindle = Spindle.class.getModule();
        check(spindle.isNamed() && spindle.getName().equals("dev.spindle.core"),
                "Spindle was loaded from " + spindle + ", not from the module dev.spindle.core");
        String version = spindle.getDescriptor().rawVersion().orElse("none");
        String expected = System.getProperty("expected.spindle.version");
        check(version.equals(expected), "dev.spindle.core has version " + version + ", expected " + expected);
        check(Main.class.getModule().getName().equals("com.example.app"), "the program is not on the module path");

        System.out.println("module " + spindle.getName() + "@" + version + " ran a gather: " + breakfast);
    }

    private static void check(boolean ok, String failure) {
        if (!ok) {
            throw new AssertionError(failure);
        }
    }
}
