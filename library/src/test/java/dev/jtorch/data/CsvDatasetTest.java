package dev.jtorch.data;

import dev.jtorch.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvDatasetTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void textLabelsBecomeSortedClassIndices() throws IOException {
        Path file = write("animals.csv", """
                weight,species,"height, cm"
                4.5,cat,25
                30,dog,60
                5,cat,23
                0.02,ant,0.5
                """);
        CsvDataset data = CsvDataset.load(file, "species");
        assertEquals(List.of("weight", "height, cm"), data.featureNames());
        assertEquals("species", data.targetName());
        assertEquals(List.of("ant", "cat", "dog"), data.classNames());
        assertArrayEquals(new long[]{1, 2, 1, 0}, data.targets().toLongArray());
        assertEquals(DType.INT64, data.targets().dtype());
        assertArrayEquals(new float[]{30, 60}, data.get(1).input().toFloatArray());
    }

    @Test
    void fractionalTargetsAreRegressionValues() throws IOException {
        Path file = write("houses.csv", "rooms,area,price\n3,70,1.5\n4,95,2.25\n");
        CsvDataset data = CsvDataset.load(file, -1);
        assertEquals(DType.FLOAT32, data.targets().dtype());
        assertArrayEquals(new float[]{1.5f, 2.25f}, data.targets().toFloatArray());
        assertEquals(List.of(), data.classNames());
    }

    @Test
    void aFileWithoutHeaderIsAllData() throws IOException {
        Path file = write("plain.csv", "1;0.5;3\n2;1.5;1\n3;2.5;3\n");
        CsvDataset data = CsvDataset.load(file, 2, CsvDataset.Target.AUTO, ';');
        assertArrayEquals(new int[]{3, 2}, data.inputs().shape());
        assertEquals(List.of("1", "3"), data.classNames());
        assertArrayEquals(new long[]{1, 0, 1}, data.targets().toLongArray());
        assertEquals(List.of("column0", "column1"), data.featureNames());
        var e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.load(file, "label", CsvDataset.Target.AUTO, ';'));
        assertTrue(e.getMessage().contains("no header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.load(file, 0));
        assertTrue(e.getMessage().contains("single column (delimiter ',')"), e.getMessage());
    }

    @Test
    void aNonNumericFeatureIsReportedWithLineAndColumn() throws IOException {
        Path file = write("bad.csv", "a,b,y\n1,2,0\n1,x,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.load(file, "y"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'b'") && e.getMessage().contains("'x'"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.load(file, "z"));
        assertTrue(e.getMessage().contains("[a, b, y]"), e.getMessage());
    }
}
