package dev.jtorch.kernel.magic;

/**
 * The arguments of {@code %timeit}: {@code [-n LOOPS] [-r RUNS] CODE}; loops 0 means "choose".
 *
 * @param loops calls per run, or 0 to choose so a run takes at least 0.2 s
 * @param runs  how many runs to average
 * @param code  the expression or statement to time
 */
record TimeitOptions(int loops, int runs, String code) {

    static TimeitOptions parse(String argument) {
        int loops = 0;
        int runs = 7;
        String rest = argument.strip();
        while (rest.startsWith("-n") || rest.startsWith("-r")) {
            String[] parts = rest.split("\\s+", 3);
            if (parts.length < 3) {
                throw new IllegalArgumentException("usage: %timeit [-n LOOPS] [-r RUNS] CODE");
            }
            int value;
            try {
                value = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("%timeit " + parts[0] + " needs a whole number, not " + parts[1]);
            }
            if (value < 1) {
                throw new IllegalArgumentException("%timeit " + parts[0] + " must be at least 1");
            }
            if (parts[0].equals("-n")) {
                loops = value;
            } else {
                runs = value;
            }
            rest = parts[2];
        }
        if (rest.isBlank()) {
            throw new IllegalArgumentException("usage: %timeit [-n LOOPS] [-r RUNS] CODE");
        }
        return new TimeitOptions(loops, runs, rest);
    }
}
