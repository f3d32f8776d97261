package dev.jtorch.data;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dataset read from a CSV file of one's own: one column is the target, every other
 * column a numeric feature. A first line with a non-numeric field is taken as the header
 * (column names). The target becomes int64 class indices or float32 values:
 * <ul>
 *   <li>{@link Target#CLASSES}: the distinct target values, sorted (numerically if they are
 *   numbers), numbered from 0; {@link #classNames()} maps an index back to its text;</li>
 *   <li>{@link Target#VALUES}: the numbers themselves, for regression;</li>
 *   <li>{@link Target#AUTO} (the default): classes if every target is an integer or some
 *   are text, values otherwise.</li>
 * </ul>
 *
 * <p>Shapes: inputs {@code [N, F]} float32 (F = columns - 1), targets {@code [N]}.
 *
 * <pre>{@code
 * var data = CsvDataset.load(Path.of("penguins.csv"), "species");
 * data.featureNames();   // [bill_length_mm, bill_depth_mm, ...]
 * data.classNames();     // [Adelie, Chinstrap, Gentoo]
 * }</pre>
 */
public final class CsvDataset extends TensorDataset {
    /** How the target column is turned into a tensor. */
    public enum Target { AUTO, CLASSES, VALUES }

    private final List<String> featureNames;
    private final String targetName;
    private final List<String> classNames;

    private CsvDataset(Tensor inputs, Tensor targets, List<String> featureNames, String targetName,
                       List<String> classNames) {
        super(inputs, targets);
        this.featureNames = featureNames;
        this.targetName = targetName;
        this.classNames = classNames;
    }

    /** Reads {@code path} (comma-separated, with a header) with the target in the column named {@code targetColumn}. */
    public static CsvDataset load(Path path, String targetColumn) {
        return load(path, targetColumn, Target.AUTO, ',');
    }

    /** Reads {@code path} (comma-separated) with the target in column {@code targetColumn} (negative counts from the end). */
    public static CsvDataset load(Path path, int targetColumn) {
        return load(path, targetColumn, Target.AUTO, ',');
    }

    /** Reads {@code path} with the target in the column named {@code targetColumn}. */
    public static CsvDataset load(Path path, String targetColumn, Target target, char delimiter) {
        List<List<String>> rows = readRows(path, delimiter);
        if (!hasHeader(rows)) {
            throw new IllegalArgumentException("CsvDataset: " + path + " has no header line, so columns have no names; "
                    + "give the target column's index instead of '" + targetColumn + "'");
        }
        int index = rows.get(0).indexOf(targetColumn);
        if (index < 0) {
            throw new IllegalArgumentException("CsvDataset: " + path + " has no column '" + targetColumn + "'; its columns are "
                    + rows.get(0));
        }
        return build(path, rows, index, target);
    }

    /** Reads {@code path} with the target in column {@code targetColumn} (negative counts from the end). */
    public static CsvDataset load(Path path, int targetColumn, Target target, char delimiter) {
        List<List<String>> rows = readRows(path, delimiter);
        int columns = rows.get(0).size();
        int index = targetColumn < 0 ? targetColumn + columns : targetColumn;
        if (index < 0 || index >= columns) {
            throw new IllegalArgumentException("CsvDataset: target column " + targetColumn + " is out of range for "
                    + path + ", which has " + columns + " columns");
        }
        return build(path, rows, index, target);
    }

    /** The names of the feature columns (from the header, or {@code column0, column1, ...}). */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The name of the target column. */
    public String targetName() {
        return targetName;
    }

    /** The text of each class, indexed by label; empty when the targets are values. */
    public List<String> classNames() {
        return classNames;
    }

    private static CsvDataset build(Path path, List<List<String>> rows, int targetIndex, Target target) {
        boolean header = hasHeader(rows);
        int columns = rows.get(0).size();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add(header ? rows.get(0).get(c) : "column" + c);
        }
        int first = header ? 1 : 0;
        int n = rows.size() - first;
        if (n == 0) {
            throw new IllegalArgumentException("CsvDataset: " + path + " has no data rows");
        }
        int features = columns - 1;
        float[] x = new float[n * features];
        String[] targetText = new String[n];
        for (int r = 0; r < n; r++) {
            List<String> row = rows.get(first + r);
            int line = first + r + 1;
            if (row.size() != columns) {
                throw new IllegalArgumentException("CsvDataset: " + path + " line " + line + " has " + row.size()
                        + " fields but the first line has " + columns);
            }
            int f = 0;
            for (int c = 0; c < columns; c++) {
                if (c == targetIndex) {
                    targetText[r] = row.get(c);
                    continue;
                }
                String cell = row.get(c);
                try {
                    x[r * features + f++] = Float.parseFloat(cell);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("CsvDataset: " + path + " line " + line + ", column '" + names.get(c)
                            + "': '" + cell + "' is not a number; feature columns must be numeric (encode categories "
                            + "as numbers, or drop the column)");
                }
            }
        }
        List<String> featureNames = new ArrayList<>(names);
        String targetName = featureNames.remove(targetIndex);
        boolean numeric = true;
        boolean integral = true;
        for (String t : targetText) {
            if (!isNumber(t)) {
                numeric = false;
                break;
            }
            double v = Double.parseDouble(t);
            integral &= v == Math.rint(v);
        }
        boolean classes = switch (target) {
            case CLASSES -> true;
            case VALUES -> {
                if (!numeric) {
                    throw new IllegalArgumentException("CsvDataset: the target column '" + targetName + "' of " + path
                            + " holds text, which cannot be regression values; use Target.CLASSES");
                }
                yield false;
            }
            case AUTO -> !numeric || integral;
        };
        Tensor inputs = Torch.tensor(x, n, features);
        if (!classes) {
            float[] y = new float[n];
            for (int r = 0; r < n; r++) {
                y[r] = Float.parseFloat(targetText[r]);
            }
            return new CsvDataset(inputs, Torch.tensor(y, n), List.copyOf(featureNames), targetName, List.of());
        }
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        // A numeric order also makes "1" and "1.0" one class.
        TreeSet<String> distinct = new TreeSet<>(order);
        distinct.addAll(List.of(targetText));
        List<String> classNames = new ArrayList<>(distinct);
        Map<String, Long> labelOf = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            labelOf.put(classNames.get(i), (long) i);
        }
        long[] y = new long[n];
        for (int r = 0; r < n; r++) {
            y[r] = numeric ? labelOf.get(findEqual(classNames, targetText[r])) : labelOf.get(targetText[r]);
        }
        return new CsvDataset(inputs, Torch.tensor(y), List.copyOf(featureNames), targetName, List.copyOf(classNames));
    }

    /** The class name numerically equal to {@code text} ("1" and "1.0" are one class). */
    private static String findEqual(List<String> classNames, String text) {
        double v = Double.parseDouble(text);
        for (String name : classNames) {
            if (Double.parseDouble(name) == v) {
                return name;
            }
        }
        throw new IllegalStateException("no class for " + text);
    }

    private static boolean hasHeader(List<List<String>> rows) {
        for (String cell : rows.get(0)) {
            if (!isNumber(cell)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<List<String>> readRows(Path path, char delimiter) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvDataset: cannot read " + path + ": " + e.getMessage(), e);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                rows.add(split(line, delimiter));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("CsvDataset: " + path + " is empty");
        }
        if (rows.get(0).size() < 2) {
            throw new IllegalArgumentException("CsvDataset: " + path + " has a single column (delimiter '" + delimiter
                    + "'); it needs a target column and at least one feature column");
        }
        return rows;
    }

    /** Splits one line at {@code delimiter}, honouring double-quoted fields ({@code ""} is a quote). */
    private static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString().trim());
        return out;
    }
}
