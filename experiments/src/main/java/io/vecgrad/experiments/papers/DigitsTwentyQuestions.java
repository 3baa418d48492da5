package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.real.Digits;
import io.vecgrad.optim.active.IdentificationProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small 20-questions game built from the bundled 8×8 digits: the items are the first distinct
 * rows (images), a question is "is pixel j dark?" (value ≥ 8 of 16), and the {@code questions}
 * most balanced pixels over the chosen items (closest to half yes) are kept, lowest index first on
 * ties. Rows whose answers repeat an earlier item's are skipped, so every item can be identified.
 *
 * <pre>{@code
 * IdentificationProblem game = DigitsTwentyQuestions.build(16, 32);   // 16 items, 32 yes/no questions
 * }</pre>
 */
final class DigitsTwentyQuestions {
    private DigitsTwentyQuestions() {}

    static IdentificationProblem build(int items, int questions) {
        if (items < 2 || questions < 1 || questions > Digits.FEATURES) {
            throw new IllegalArgumentException("DigitsTwentyQuestions.build: need items >= 2 and 1 <= questions <= " + Digits.FEATURES + ", got " + items + " and " + questions);
        }
        float[] x = Digits.load().x().toFloatArray();
        List<boolean[]> rows = new ArrayList<>();
        for (int i = 0; i < Digits.SAMPLES && rows.size() < items; i++) {
            boolean[] r = new boolean[Digits.FEATURES];
            for (int j = 0; j < r.length; j++) r[j] = x[i * Digits.FEATURES + j] >= 8;
            if (rows.stream().noneMatch(o -> Arrays.equals(o, r))) rows.add(r);
        }
        Integer[] order = new Integer[Digits.FEATURES];
        double[] balance = new double[Digits.FEATURES];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
            int yes = 0;
            for (boolean[] r : rows) yes += r[j] ? 1 : 0;
            balance[j] = Math.abs(yes / (double) rows.size() - 0.5);
        }
        Arrays.sort(order, (a, b) -> balance[a] != balance[b] ? Double.compare(balance[a], balance[b]) : Integer.compare(a, b));
        boolean[][] answers = new boolean[rows.size()][questions];
        for (int h = 0; h < answers.length; h++) for (int q = 0; q < questions; q++) answers[h][q] = rows.get(h)[order[q]];
        return IdentificationProblem.fromAnswers(answers);
    }
}
