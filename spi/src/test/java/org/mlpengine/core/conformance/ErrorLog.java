package org.mlpengine.core.conformance;

import java.util.Map;
import java.util.TreeMap;

/** The largest relative error seen per op, printed once per backend so results can be quoted. */
public final class ErrorLog {
    private record Worst(double error, double tolerance, String where) {
    }

    private final Map<String, Worst> worst = new TreeMap<>();

    public synchronized void record(String op, double error, double tolerance, String where) {
        Worst w = worst.get(op);
        if (w == null || error > w.error()) {
            worst.put(op, new Worst(error, tolerance, where));
        }
    }

    public synchronized void print(String backend) {
        worst.forEach((op, w) -> System.out.printf("conformance[%s] %-18s max relative error %.3e (tolerance there %.3e, %s)%n",
                backend, op, w.error(), w.tolerance(), w.where()));
    }
}
