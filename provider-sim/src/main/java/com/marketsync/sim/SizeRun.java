package com.marketsync.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The US size runs simulated shoes come in: men's 7–13, women's 5–12 and grade school 3.5Y–7Y, in half sizes. */
public enum SizeRun {
    MEN("", "7", 13),
    WOMEN("W", "5", 15),
    YOUTH("Y", "3.5", 8);

    private final String suffix;
    private final List<BigDecimal> sizes;

    SizeRun(String suffix, String smallest, int count) {
        this.suffix = suffix;
        List<BigDecimal> run = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            run.add(new BigDecimal(smallest).add(new BigDecimal("0.5").multiply(BigDecimal.valueOf(i))));
        }
        this.sizes = List.copyOf(run);
    }

    /** The run for a catalogue gender: men and unisex wear men's sizes, child and youth grade-school sizes. */
    public static SizeRun forGender(String gender) {
        return switch (gender) {
            case "men", "unisex" -> MEN;
            case "women" -> WOMEN;
            case "child", "youth" -> YOUTH;
            default -> throw new IllegalArgumentException("unknown gender " + gender);
        };
    }

    /** US sizes, smallest first. */
    public List<BigDecimal> sizes() {
        return sizes;
    }

    /** The size as StockX labels it: the number plus W or Y outside men's sizes ({@code 10.5}, {@code 8W}). */
    public String label(BigDecimal size) {
        return plain(size) + suffix;
    }

    /** The number without trailing zeros ({@code 10.5}, {@code 7}). */
    public static String plain(BigDecimal size) {
        return size.stripTrailingZeros().toPlainString();
    }
}
