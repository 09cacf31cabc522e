package dev.parley;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Debian's Chromium for the browser tests: headless, with the flags a machine without network needs. */
public final class HeadlessChromium {

    private HeadlessChromium() {}

    /** Fails rather than skips: ./parley test installs the browser, so a missing one is a broken setup. */
    public static Browser launch(Playwright playwright) {
        Path executable = Path.of(Optional.ofNullable(System.getenv("PARLEY_CHROMIUM")).orElse("/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("No Chromium at " + executable + ": run ./parley test, or install the chromium package");
        }
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
