package dev.jtorch.viz;

import dev.jtorch.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.List;

/**
 * Lays out a batch of images in rows of eight, each scaled up by a whole factor (nearest
 * neighbour, so pixels stay sharp) to about 64 pixels, with an optional caption under each.
 * {@link Plots#images} is its public face; the layout is exposed to the package for tests.
 */
final class ImageGrid {

    static final int MAX_COLUMNS = 8;
    static final int GAP = 6;
    static final int TARGET_SIZE = 64;
    static final int CAPTION_HEIGHT = 18;
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color TEXT = new Color(0x333333);
    private static final Color RIGHT = new Color(0x1a7f37);
    private static final Color WRONG = new Color(0xcf222e);

    final int count;
    final int channels;
    final int height;
    final int width;
    final int scale;
    final int columns;
    final int rows;
    final int cellWidth;
    final int cellHeight;
    private final float[] pixels;
    private final double low;
    private final double high;
    private final String[] captions;
    private final Color[] captionColors;

    ImageGrid(Tensor batch, Tensor labels, Tensor predictions, List<String> classNames) {
        int[] shape = batch.shape();
        switch (shape.length) {
            case 2 -> { count = 1; channels = 1; height = shape[0]; width = shape[1]; }
            case 3 -> { count = shape[0]; channels = 1; height = shape[1]; width = shape[2]; }
            case 4 -> { count = shape[0]; channels = shape[1]; height = shape[2]; width = shape[3]; }
            default -> throw new IllegalArgumentException("Plots.images: expected a batch [N, C, H, W] (C = 1 or 3), "
                    + "[N, H, W] or one image [H, W]; got shape " + Arrays.toString(shape));
        }
        if (channels != 1 && channels != 3) {
            boolean channelsLast = shape[3] == 1 || shape[3] == 3;
            throw new IllegalArgumentException("Plots.images: images need 1 (gray) or 3 (RGB) channels in dimension 1, "
                    + "got shape " + Arrays.toString(shape)
                    + (channelsLast ? "; the channels look last: pass batch.permute(0, 3, 1, 2)" : ""));
        }
        if (count == 0 || height == 0 || width == 0) {
            throw new IllegalArgumentException("Plots.images: the batch is empty (shape " + Arrays.toString(shape) + ")");
        }
        pixels = batch.detach().toFloatArray();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : pixels) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        // Values already in [0, 1] are drawn as they are; any other range is stretched to it.
        boolean unit = lo >= 0 && hi <= 1;
        low = unit ? 0 : lo;
        high = unit ? 1 : hi;

        long[] truth = labels == null ? null : Plots.labels("Plots.images", labels, count);
        long[] predicted = predictions == null ? null
                : Plots.labels("Plots.images", predictions.dim() == 2 && predictions.size(1) > 1
                        ? predictions.argmax(1) : predictions, count);
        captions = new String[count];
        captionColors = new Color[count];
        for (int i = 0; i < count; i++) {
            if (predicted != null) {
                String p = name(predicted[i], classNames);
                if (truth == null) {
                    captions[i] = p;
                    captionColors[i] = TEXT;
                } else if (truth[i] == predicted[i]) {
                    captions[i] = p;
                    captionColors[i] = RIGHT;
                } else {
                    captions[i] = p + " (true " + name(truth[i], classNames) + ")";
                    captionColors[i] = WRONG;
                }
            } else if (truth != null) {
                captions[i] = name(truth[i], classNames);
                captionColors[i] = TEXT;
            }
        }
        boolean captioned = truth != null || predicted != null;

        scale = Math.max(1, (int) Math.ceil((double) TARGET_SIZE / Math.max(height, width)));
        columns = Math.min(MAX_COLUMNS, count);
        rows = (count + columns - 1) / columns;
        int widest = 0;
        if (captioned) {
            FontMetrics metrics = Charts.drawing(() -> {
                Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
                FontMetrics m = g.getFontMetrics(CAPTION_FONT);
                g.dispose();
                return m;
            });
            for (String caption : captions) {
                widest = Math.max(widest, metrics.stringWidth(caption));
            }
        }
        cellWidth = Math.max(width * scale, widest + 4);
        cellHeight = height * scale + (captioned ? CAPTION_HEIGHT : 0);
    }

    private static String name(long c, List<String> classNames) {
        return classNames != null && c < classNames.size() ? classNames.get((int) c) : Long.toString(c);
    }

    /** The x of the left edge of image {@code i}'s first pixel column. */
    int imageX(int i) {
        return GAP + (i % columns) * (cellWidth + GAP) + (cellWidth - width * scale) / 2;
    }

    /** The y of the top edge of image {@code i}'s first pixel row. */
    int imageY(int i) {
        return GAP + (i / columns) * (cellHeight + GAP);
    }

    BufferedImage draw() {
        int totalWidth = GAP + columns * (cellWidth + GAP);
        int totalHeight = GAP + rows * (cellHeight + GAP);
        BufferedImage out = new BufferedImage(totalWidth, totalHeight, BufferedImage.TYPE_INT_RGB);
        int[] raster = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Arrays.fill(raster, 0xffffff);
        int plane = height * width;
        for (int i = 0; i < count; i++) {
            int x0 = imageX(i);
            int y0 = imageY(i);
            int base = i * channels * plane;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int rgb;
                    if (channels == 1) {
                        int gray = level(pixels[base + r * width + c]);
                        rgb = gray << 16 | gray << 8 | gray;
                    } else {
                        int p = base + r * width + c;
                        rgb = level(pixels[p]) << 16 | level(pixels[p + plane]) << 8 | level(pixels[p + 2 * plane]);
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        int row = (y0 + r * scale + dy) * totalWidth + x0 + c * scale;
                        Arrays.fill(raster, row, row + scale, rgb);
                    }
                }
            }
        }
        if (captions[0] != null) {
            drawCaptions(out);
        }
        return out;
    }

    private void drawCaptions(BufferedImage out) {
        Charts.drawing(() -> {
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(CAPTION_FONT);
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < count; i++) {
                int cellLeft = GAP + (i % columns) * (cellWidth + GAP);
                int x = cellLeft + (cellWidth - metrics.stringWidth(captions[i])) / 2;
                int y = imageY(i) + height * scale + metrics.getAscent() + 2;
                g.setColor(captionColors[i]);
                g.drawString(captions[i], x, y);
            }
            g.dispose();
            return out;
        });
    }

    /** A value as a 0..255 channel level; NaN draws as black. */
    private int level(float v) {
        if (!(v == v)) {
            return 0;
        }
        double unit = high > low ? (v - low) / (high - low) : 0.5;
        return (int) Math.round(Math.max(0, Math.min(1, unit)) * 255);
    }
}
