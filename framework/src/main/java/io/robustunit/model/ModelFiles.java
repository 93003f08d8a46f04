package io.robustunit.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Says what a model file that does not load really is: corrupt, a state dict, a pickle, or another format. */
final class ModelFiles {

    private ModelFiles() {}

    /**
     * A diagnosis of a file that failed to load as TorchScript, ending with the fix; null when the
     * file looks like an intact TorchScript archive (then the engine's own message is the best one).
     */
    static String diagnoseTorchScript(Path file) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
            size = Files.size(file);
        } catch (IOException e) {
            return "it cannot be read (" + e.getMessage() + "); check its permissions";
        }
        if (size == 0) {
            return "it is empty (0 bytes): the file is corrupt or was not written completely; export it again";
        }
        if (head.length >= 1 && (head[0] & 0xff) == 0x80) {
            return "it is a Python pickle (torch.save of a model or state_dict in the legacy format), not"
                    + " TorchScript; export it with torch.jit.save(torch.jit.script(model), path)";
        }
        if (head.length >= 1 && (head[0] == 0x08 || isOnnxName(file))) {
            return "it looks like an ONNX model, not TorchScript; load it as ONNX (an .onnx file) or export"
                    + " TorchScript with torch.jit.save";
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            return "it is not a TorchScript archive (TorchScript files are zip archives starting with PK);"
                    + " the file is corrupt or in another format: export it with torch.jit.save";
        }
        boolean code = false;
        boolean constants = false;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            byte[] buffer = new byte[1 << 16];
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                code |= name.contains("/code/");
                constants |= name.endsWith("/constants.pkl");
                try (InputStream in = zip.getInputStream(e)) {
                    while (in.read(buffer) >= 0) {
                        // reading every entry checks its CRC
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "it is corrupt or truncated: its zip archive is damaged (" + e.getMessage()
                    + "); copy or export it again";
        }
        if (!code && !constants) {
            return "it is a torch.save archive (a state_dict or pickled model), not TorchScript: it holds"
                    + " weights but no code; export it with torch.jit.save(torch.jit.script(model), path)";
        }
        return null;
    }

    private static boolean isOnnxName(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }
}
