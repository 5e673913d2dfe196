package dev.spindle.examples;

import static dev.spindle.Spindle.gather;
import static dev.spindle.Spindle.run;
import static dev.spindle.Spindle.sleep;

import java.util.List;

/**
 * The asyncio breakfast, line for line: coffee (2 s) and toast (1 s) are made at the same time, so
 * breakfast is ready after two seconds, not three.
 *
 * <pre>
 * Grinding beans...
 * Toasting bread...
 * Toast ready!                    (at 1 s)
 * Coffee ready!                   (at 2 s)
 * Breakfast: Coffee and Toast     (at 2 s)
 * </pre>
 */
public final class Breakfast {

    private Breakfast() {}

    static String makeCoffee() {
        System.out.println("Grinding beans...");
        sleep(2000);
        System.out.println("Coffee ready!");
        return "Coffee";
    }

    static String makeToast() {
        System.out.println("Toasting bread...");
        sleep(1000);
        System.out.println("Toast ready!");
        return "Toast";
    }

    static void makeBreakfast() {
        List<String> both = gather(Breakfast::makeCoffee, Breakfast::makeToast);
        System.out.println("Breakfast: " + both.get(0) + " and " + both.get(1));
    }

    /**
     * Runs the breakfast.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(Breakfast::makeBreakfast);
    }
}
