package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.PaperExperiment;
import java.util.List;
import java.util.Map;

/**
 * P62's Hessian-spectrum study on some model: one claim and one threshold for every model it is
 * run on ({@link P62HessianSpectrum}: an MLP; {@link P62LenetSpectrum}: LeNet), so the two
 * experiments cannot drift apart.
 */
abstract class SpectrumExperiment extends PaperExperiment {
    SpectrumExperiment(String id, String description, Map<String, ?> defaults) {
        super(id, List.of("P62"), description, defaults);
    }

    @Override
    public final String claim() {
        return HessianSpectrumStudy.CLAIM;
    }

    @Override
    public final String threshold() {
        return HessianSpectrumStudy.THRESHOLD;
    }
}
