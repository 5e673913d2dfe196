package dev.spindle.tool;

/** A JVM with no Spindle run: prints {@code READY} and ends when its standard input closes. */
public final class PlainChild {

    private PlainChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println("READY");
        System.out.flush();
        System.in.readAllBytes();
    }
}
