package io.vecgrad.cli.run;

import io.vecgrad.train.ProgressListener;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar per training run (me.tongfei:progressbar, on stderr): steps done,
 * steps per second, ETA, the latest loss and the throughput in examples per second.
 */
public final class TerminalProgress implements ProgressListener {
    private ProgressBar bar;

    @Override
    public void start(String label, long total, long done) {
        close();
        bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total).startsFrom(done, java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).showSpeed()
                .setUpdateIntervalMillis(200).setMaxRenderedLength(150).continuousUpdate().build();
    }

    @Override
    public void update(long done, double loss, double examplesPerSecond) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f, %,.0f examples/s", loss, examplesPerSecond));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
