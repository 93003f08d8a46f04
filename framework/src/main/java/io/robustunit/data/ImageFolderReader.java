package io.robustunit.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads {@code root/<class name>/<file>.png|jpg|jpeg|bmp} with the JDK's ImageIO, the layout of
 * torchvision's {@code ImageFolder}: classes are the sub-folders sorted by name (or an explicit
 * list, which selects and orders them), files in a class are sorted by name, labels are class
 * positions and dataset indices run through the classes in order.
 *
 * <p>Every image must have the declared size (or the first image's size when none is declared):
 * width and height are read from the file's header before its pixels are decoded. Grey images
 * give one channel, colour images three (alpha is dropped); with three channels declared, grey
 * images are repeated into RGB, with one channel declared a colour image is an error. Values are
 * scaled to [0, 1]. A file ImageIO cannot decode, a truncated file (ImageIO's warnings count as
 * errors) and an empty class folder are {@link DataFormatException}s naming the file.
 */
final class ImageFolderReader {

    /** File name endings read as images (case-insensitive). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

    /** Largest image accepted when no size is declared: 4096 x 4096 pixels. */
    static final long MAX_PIXELS_PER_IMAGE = 4096L * 4096L;

    /** Folders of at least this many images are decoded on several threads. */
    static final int PARALLEL_FROM = 256;

    static final int MAX_THREADS = 4;

    private final Map<ImageReaderSpi, ImageReader> readers = new HashMap<>();
    private final Map<String, List<ImageReaderSpi>> bySuffix = new HashMap<>();

    /**
     * Reads an image folder.
     *
     * @throws DataFormatException naming the folder or file and the fix
     */
    public static LabeledImages read(Path root, DataRequest request) throws DataFormatException {
        ImageFolderReader reader = new ImageFolderReader();
        try {
            return reader.readFolder(root, request);
        } finally {
            reader.readers.values().forEach(ImageReader::dispose);
        }
    }

    /** The class folders of {@code root}: sorted sub-folders, hidden ones skipped. */
    static List<Path> classFolders(Path root) throws DataFormatException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    dirs.add(p);
                }
            }
        } catch (IOException e) {
            throw new DataFormatException("Cannot list image folder " + root + ": " + e, e);
        }
        dirs.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return dirs;
    }

    /** Whether a file name ends with an image extension. */
    static boolean isImageFile(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private LabeledImages readFolder(Path root, DataRequest request) throws DataFormatException {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException("Image folder " + root + PathHints.relativeTo(root)
                    + " does not exist or is not a folder; give root/<class name>/<image files>");
        }
        List<String> classes;
        List<Path> classDirs = new ArrayList<>();
        if (request.classNames().isEmpty()) {
            for (Path d : classFolders(root)) {
                classDirs.add(d);
            }
            classes = classDirs.stream().map(d -> d.getFileName().toString()).toList();
            if (classes.isEmpty()) {
                throw new DataFormatException("Image folder " + root + " has no class folders; lay it out" + " as "
                        + root + "/<class name>/<file>.png|jpg|jpeg|bmp");
            }
            if (classes.size() < 2) {
                throw new DataFormatException("Image folder " + root + " has only one class folder (" + classes.get(0)
                        + "); a classifier's evaluation data needs at least two classes");
            }
        } else {
            classes = request.classNames();
            for (String c : classes) {
                Path d = root.resolve(c);
                if (!Files.isDirectory(d)) {
                    throw new DataFormatException("Image folder " + root + " has no folder for declared class '" + c
                            + "' (expected " + d + "); create it or fix the class list");
                }
                classDirs.add(d);
            }
        }
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            List<Path> images = imagesIn(classDirs.get(c));
            if (images.isEmpty()) {
                throw new DataFormatException("Class folder " + classDirs.get(c) + " holds no image"
                        + " (.png, .jpg, .jpeg, .bmp); put its images there or remove the folder");
            }
            for (Path f : images) {
                files.add(f);
                fileLabels.add(c);
            }
        }
        int[] shape = request.hasImageShape() ? request.imageShape() : null;
        if (shape != null && shape.length != 3) {
            throw new DataFormatException("Image folder " + root + " holds images, but the declared shape "
                    + Arrays.toString(shape) + " is a feature vector; declare (channels, height, width)");
        }
        String origin = shape != null ? "declared" : "the size of the first image " + files.get(0);
        Decoded firstImage = decode(files.get(0), shape, origin);
        if (shape == null) {
            shape = new int[] {firstImage.channels, firstImage.height, firstImage.width};
        }
        int item = shape[0] * shape[1] * shape[2];
        if ((long) item * files.size() > request.maxValues()) {
            throw new DataFormatException("Image folder " + root + " holds " + files.size()
                    + " images of " + Arrays.toString(shape) + ", more than the cap of "
                    + request.maxValues() + " values; evaluate a subset or raise the cap");
        }
        float[] pixels = new float[item * files.size()];
        firstImage.copyTo(pixels, 0, shape[0], files.get(0), files.get(0));
        int[] imageShape = shape;
        int chunks = files.size() < PARALLEL_FROM
                ? 1
                : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
        DataFormatException[] failures = new DataFormatException[chunks];
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(c -> {
            ImageFolderReader worker = c == 0 ? this : new ImageFolderReader();
            int from = 1 + (int) ((long) (files.size() - 1) * c / chunks);
            int to = 1 + (int) ((long) (files.size() - 1) * (c + 1) / chunks);
            try {
                for (int i = from; i < to; i++) {
                    worker.decode(files.get(i), imageShape, origin)
                            .copyTo(pixels, i * item, imageShape[0], files.get(i), files.get(0));
                }
            } catch (DataFormatException e) {
                failures[c] = e;
            } finally {
                if (worker != this) {
                    worker.readers.values().forEach(ImageReader::dispose);
                }
            }
        });
        for (DataFormatException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
        int[] labels = fileLabels.stream().mapToInt(Integer::intValue).toArray();
        String name = request.nameOr(
                root.toAbsolutePath().normalize().getFileName() == null
                        ? root.toString()
                        : root.toAbsolutePath().normalize().getFileName().toString());
        return LabeledImages.of(name, shape, classes, pixels, labels, null);
    }

    private static List<Path> imagesIn(Path dir) throws DataFormatException {
        List<Path> images = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().startsWith(".") && isImageFile(p) && Files.isRegularFile(p)) {
                    images.add(p);
                }
            }
        } catch (IOException e) {
            throw new DataFormatException("Cannot list class folder " + dir + ": " + e, e);
        }
        images.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return images;
    }

    /** One decoded image: grey values or packed RGB. */
    private record Decoded(int channels, int height, int width, float[] grey, int[] rgb) {

        void copyTo(float[] out, int offset, int wanted, Path file, Path first) throws DataFormatException {
            int plane = height * width;
            if (wanted == 1 && grey != null) {
                System.arraycopy(grey, 0, out, offset, plane);
            } else if (wanted == 1) {
                for (int i = 0; i < plane; i++) {
                    int p = rgb[i];
                    int r = (p >>> 16) & 0xff;
                    int g = (p >>> 8) & 0xff;
                    int b = p & 0xff;
                    if (r != g || g != b) {
                        throw new DataFormatException("Image " + file + " has colour but the images are"
                                + " declared (or, from the first image " + first.getFileName()
                                + ", taken to be) grey: declare 3 channels or save it as greyscale");
                    }
                    out[offset + i] = r / 255f;
                }
            } else if (grey != null) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(grey, 0, out, offset + c * plane, plane);
                }
            } else {
                for (int i = 0; i < plane; i++) {
                    int p = rgb[i];
                    out[offset + i] = ((p >>> 16) & 0xff) / 255f;
                    out[offset + plane + i] = ((p >>> 8) & 0xff) / 255f;
                    out[offset + 2 * plane + i] = (p & 0xff) / 255f;
                }
            }
        }
    }

    private Decoded decode(Path file, int[] shape, String origin) throws DataFormatException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new DataFormatException("Cannot open image " + file);
            }
            ImageReader reader = readerFor(in, file);
            refuseEmbeddedBmpCompression(in, reader, file);
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw new DataFormatException(
                            "Image " + file + " claims a size of " + width + "x" + height + "; the file is corrupt");
                }
                if (shape != null && (height != shape[1] || width != shape[2])) {
                    throw new DataFormatException("Image " + file + " is " + width + "x" + height
                            + " (width x height) but the images must be " + shape[2] + "x" + shape[1]
                            + " (" + origin + "); resize it or declare the size the model takes");
                }
                if ((long) width * height > MAX_PIXELS_PER_IMAGE) {
                    throw new DataFormatException("Image " + file + " is " + width + "x" + height
                            + ", larger than " + MAX_PIXELS_PER_IMAGE + " pixels; an evaluation image"
                            + " should have the model's input size");
                }
                List<String> warnings = new ArrayList<>();
                IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
                reader.addIIOReadWarningListener(listener);
                BufferedImage image;
                try {
                    image = reader.read(0);
                } finally {
                    reader.removeIIOReadWarningListener(listener);
                }
                if (!warnings.isEmpty()) {
                    throw new DataFormatException("Image " + file + " is damaged or truncated (ImageIO: "
                            + warnings.get(0) + "); re-export it");
                }
                if (image.getWidth() != width || image.getHeight() != height) {
                    throw new DataFormatException("Image " + file + " decodes to " + image.getWidth() + "x"
                            + image.getHeight() + " but its header says " + width + "x" + height
                            + "; the file is corrupt");
                }
                return pixelsOf(image, shape);
            } finally {
                reader.reset();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException(
                    "Image " + file + " is unreadable or truncated (" + firstLine(e)
                            + "); re-export it as PNG, JPEG or BMP",
                    e);
        } catch (RuntimeException e) {
            // ImageIO's decoders report some corrupt files with unchecked exceptions
            throw new DataFormatException(
                    "Image " + file + " is corrupt (ImageIO failed with " + e + "); re-export it as PNG, JPEG or BMP",
                    e);
        }
    }

    private static Decoded pixelsOf(BufferedImage image, int[] shape) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(cm instanceof IndexColorModel)
                && cm.getNumColorComponents() == 1;
        if (grey) {
            Raster raster = image.getRaster();
            double max = (1L << cm.getComponentSize(0)) - 1;
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            float[] values = new float[w * h];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (samples[i] / max);
            }
            return new Decoded(1, h, w, values, null);
        }
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        return new Decoded(3, h, w, null, rgb);
    }

    private ImageReader readerFor(ImageInputStream in, Path file) throws IOException {
        String n = file.getFileName().toString();
        String suffix = n.substring(n.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        List<ImageReaderSpi> ordered = bySuffix.get(suffix);
        if (ordered == null) {
            ordered = spisFor(suffix);
            bySuffix.put(suffix, ordered);
        }
        return readerFor(in, file, ordered);
    }

    /** The registered readers, those that name {@code suffix} first. */
    private static List<ImageReaderSpi> spisFor(String suffix) {
        Iterator<ImageReaderSpi> spis =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        List<ImageReaderSpi> ordered = new ArrayList<>();
        while (spis.hasNext()) {
            ImageReaderSpi spi = spis.next();
            if (Arrays.asList(spi.getFileSuffixes() == null ? new String[0] : spi.getFileSuffixes())
                    .contains(suffix)) {
                ordered.add(0, spi);
            } else {
                ordered.add(spi);
            }
        }
        return ordered;
    }

    private ImageReader readerFor(ImageInputStream in, Path file, List<ImageReaderSpi> ordered) throws IOException {
        for (ImageReaderSpi spi : ordered) {
            in.mark();
            boolean ok;
            try {
                ok = spi.canDecodeInput(in);
            } finally {
                in.reset();
            }
            if (ok) {
                ImageReader cached = readers.get(spi);
                if (cached == null) {
                    cached = spi.createReaderInstance();
                    readers.put(spi, cached);
                }
                return cached;
            }
        }
        throw new DataFormatException("Image " + file + " is not a PNG, JPEG or BMP image ImageIO can"
                + " decode (unknown or damaged header); re-export it");
    }

    /** BMP compression codes whose pixels are a whole JPEG or PNG stream inside the BMP. */
    private static final int BI_JPEG = 4;

    private static final int BI_PNG = 5;

    /**
     * Refuses a BMP whose pixels are an embedded JPEG or PNG stream (compression 4 or 5, meant for
     * printers): the JDK's BMP reader allocates about 32 MB to decode one, whatever its size (a
     * 54-byte file, fuzz finding of 2026-12-03), and no image tool writes them for datasets.
     */
    private static void refuseEmbeddedBmpCompression(ImageInputStream in, ImageReader reader, Path file)
            throws IOException {
        if (!"bmp".equalsIgnoreCase(reader.getFormatName())) {
            return;
        }
        byte[] header = new byte[34];
        in.mark();
        int read;
        try {
            read = in.read(header);
        } finally {
            in.reset();
        }
        // BITMAPFILEHEADER (14 bytes), then the info header: its size at 14, compression at 30 when
        // the info header is BITMAPINFOHEADER (40 bytes) or later; the 12-byte OS/2 header has none
        if (read < 34) {
            return; // ImageIO reports the truncated header itself
        }
        long infoSize = littleEndian(header, 14);
        long compression = littleEndian(header, 30);
        if (infoSize >= 40 && (compression == BI_JPEG || compression == BI_PNG)) {
            throw new DataFormatException("Image " + file + " is a BMP whose pixels are an embedded "
                    + (compression == BI_JPEG ? "JPEG" : "PNG") + " stream (BMP compression " + compression
                    + "), which RobustUnit does not read; save it as a plain BMP, PNG or JPEG file");
        }
    }

    private static long littleEndian(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            m += ": " + cause;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
