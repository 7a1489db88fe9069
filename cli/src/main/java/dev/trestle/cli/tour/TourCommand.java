package dev.trestle.cli.tour;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** placeholder. */
@Command(name = "tour")
public class TourCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
