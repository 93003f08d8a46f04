package io.robustunit.bench;

import ai.djl.ndarray.types.Shape;
import io.robustunit.attack.Attacks;
import io.robustunit.data.DataFormat;
import io.robustunit.data.Datasets;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.engine.RobustUnitEngine;
import io.robustunit.eval.RobustnessEvaluator;
import io.robustunit.eval.RobustnessReport;
import io.robustunit.model.Classifier;
import io.robustunit.model.Classifiers;
import io.robustunit.model.InputContract;
import io.robustunit.threat.ThreatModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Images per second of each reader on the same images: the Fashion-MNIST test split (10,000
 * images) written as IDX, a grey PNG folder, an RGB PNG folder (3x32x32, tinted and padded), CIFAR-10
 * binary (the same RGB images), NPY and NPZ. With {@code --model}, FGSM images/s on the same model
 * for scale: a reader well above it is not the bottleneck of an evaluation.
 *
 * <pre>
 * java -cp ... io.robustunit.bench.ReadBenchmark [--dir /tmp/robustunit-read] [--images 10000]
 *     [--repeats 3] [--model model.pt]
 * </pre>
 *
 * The inputs are written once into {@code --dir} (kept for the plain-Python comparison,
 * {@code sample-tests/tools/read_reference_benchmark.py}).
 */
public final class ReadBenchmark {

    private ReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("/tmp/robustunit-read");
        int images = 10_000;
        int repeats = 3;
        Path model = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--images" -> images = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--model" -> model = Path.of(args[i + 1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; options: --dir DIR --images N --repeats N --model FILE");
            }
        }
        LabeledImages source = FashionMnist.test().first(images);
        List<Input> inputs = write(source, dir);
        System.out.printf(
                Locale.ROOT,
                "RobustUnit reader benchmark: %d images from %s, best of %d, inputs in %s%n",
                source.size(),
                source.name(),
                repeats,
                dir);
        for (Input in : inputs) {
            double best = Double.MAX_VALUE;
            LabeledImages read = Datasets.read(in.path, in.format); // warm-up, not timed
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                read = Datasets.read(in.path, in.format);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %8.0f images/s  (%d images %s in %.3f s)%n",
                    in.label,
                    read.size() / best,
                    read.size(),
                    read.imageShape(),
                    best);
        }
        if (model != null) {
            fgsm(model, source.first(Math.min(2000, source.size())));
        }
    }

    private static void fgsm(Path file, LabeledImages data) throws Exception {
        RobustUnitEngine.setIntraOpThreads(2);
        InputContract contract = InputContract.of(new Shape(1, 28, 28), 0f, 1f, 10);
        try (Classifier model = Classifiers.torchScript(file, contract)) {
            RobustnessEvaluator evaluator = RobustnessEvaluator.builder()
                    .batchSize(200)
                    .retainExamples(0)
                    .build();
            evaluator.evaluate(model, data.first(200), Attacks.fgsm(ThreatModel.linf(0.1)));
            long t0 = System.nanoTime();
            RobustnessReport r = evaluator.evaluate(model, data, Attacks.fgsm(ThreatModel.linf(0.1)));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %8.0f images/s  (%d images, model %s, 2 threads)%n",
                    "for scale: FGSM evaluation",
                    r.sampleCount() / s,
                    r.sampleCount(),
                    file.getFileName());
        }
    }

    record Input(String label, Path path, DataFormat format) {}

    /** Writes the inputs unless they are there from an earlier run with the same image count. */
    static List<Input> write(LabeledImages data, Path dir) throws IOException {
        int n = data.size();
        Path stamp = dir.resolve("images-" + n + ".done");
        Path idx = dir.resolve("idx");
        Path grey = dir.resolve("png-grey");
        Path rgb = dir.resolve("png-rgb");
        Path cifar = dir.resolve("cifar10").resolve("test_batch.bin");
        Path npy = dir.resolve("npy");
        Path npz = dir.resolve("fashion.npz");
        List<Input> inputs = List.of(
                new Input("IDX (1x28x28)", idx, DataFormat.IDX),
                new Input("image folder, grey PNG 28x28", grey, DataFormat.IMAGE_FOLDER),
                new Input("image folder, RGB PNG 32x32", rgb, DataFormat.IMAGE_FOLDER),
                new Input("CIFAR-10 binary (3x32x32)", cifar, DataFormat.CIFAR10),
                new Input("NPY uint8 (1x28x28)", npy, DataFormat.NPY),
                new Input("NPZ uint8 (1x28x28)", npz, DataFormat.NPZ));
        if (Files.exists(stamp)) {
            return inputs;
        }
        Files.createDirectories(idx);
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            float[] img = data.image(i);
            for (int k = 0; k < 784; k++) {
                pixels[i * 784 + k] = (byte) Math.round(img[k] * 255);
            }
            labels[i] = (byte) data.label(i);
        }
        Files.write(idx.resolve("t10k-images-idx3-ubyte"), concat(intsBigEndian(0x0803, n, 28, 28), pixels));
        Files.write(idx.resolve("t10k-labels-idx1-ubyte"), concat(intsBigEndian(0x0801, n), labels));
        Files.write(idx.resolve("classes.txt"), FashionMnist.CLASS_NAMES);
        byte[] cifarBytes = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            String cls = String.format(
                    Locale.ROOT,
                    "%d-%s",
                    data.label(i),
                    data.classNames().get(data.label(i)).replace('/', '-').replace(' ', '-'));
            BufferedImage g = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage c = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            int[] tint = {100 + (i * 37) % 156, 100 + (i * 59) % 156, 100 + (i * 83) % 156};
            cifarBytes[i * 3073] = labels[i];
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int v = x >= 2 && x < 30 && y >= 2 && y < 30 ? pixels[i * 784 + (y - 2) * 28 + x - 2] & 0xff : 0;
                    if (x >= 2 && x < 30 && y >= 2 && y < 30) {
                        g.getRaster().setSample(x - 2, y - 2, 0, v);
                    }
                    int r = v * tint[0] / 255;
                    int gg = v * tint[1] / 255;
                    int b = v * tint[2] / 255;
                    c.setRGB(x, y, (r << 16) | (gg << 8) | b);
                    cifarBytes[i * 3073 + 1 + y * 32 + x] = (byte) r;
                    cifarBytes[i * 3073 + 1 + 1024 + y * 32 + x] = (byte) gg;
                    cifarBytes[i * 3073 + 1 + 2048 + y * 32 + x] = (byte) b;
                }
            }
            String name = String.format(Locale.ROOT, "%05d.png", i);
            Files.createDirectories(grey.resolve(cls));
            Files.createDirectories(rgb.resolve(cls));
            ImageIO.write(g, "png", grey.resolve(cls).resolve(name).toFile());
            ImageIO.write(c, "png", rgb.resolve(cls).resolve(name).toFile());
        }
        Files.createDirectories(cifar.getParent());
        Files.write(cifar, cifarBytes);
        Files.createDirectories(npy);
        byte[] x = npy("|u1", "(" + n + ", 1, 28, 28)", pixels);
        long[] y = new long[n];
        ByteBuffer yb = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            y[i] = labels[i];
            yb.putLong(y[i]);
        }
        byte[] yBytes = npy("<i8", "(" + n + ",)", yb.array());
        Files.write(npy.resolve("x_test.npy"), x);
        Files.write(npy.resolve("y_test.npy"), yBytes);
        try (OutputStream out = Files.newOutputStream(npz);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(0);
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(x);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(yBytes);
            zip.closeEntry();
        }
        Files.writeString(stamp, "written\n");
        return inputs;
    }

    private static byte[] npy(String descr, String shape, byte[] body) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return concat(b.array(), body);
    }

    private static byte[] intsBigEndian(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
