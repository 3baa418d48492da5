package io.vecgrad.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link Layering} can fail: each passes over the fixture set that obeys the house
 * rules ({@code fixture.good}) and fails over the set that breaks it ({@code fixture.bad}),
 * naming the offending class.
 */
class LayeringRulesBiteTest {

    static final String GOOD = "io.vecgrad.architecture.fixture.good";
    static final String BAD = "io.vecgrad.architecture.fixture.bad";
    static JavaClasses good;
    static JavaClasses bad;

    @BeforeAll
    static void importFixtures() {
        good = new ClassFileImporter().importPackages(GOOD);
        bad = new ClassFileImporter().importPackages(BAD);
        assertTrue(good.size() >= 8 && bad.size() >= 9, good.size() + " / " + bad.size());
    }

    @Test
    void upwardImportFailsTheModuleDirection() {
        String message = violations(Layering::moduleDirection, "UpwardImport");
        assertTrue(message.contains("bad.tensor.UpwardImport") && message.contains("bad.nn.Layer"), message);
        assertTrue(message.contains("bad.datasets.KnowsModels"), "datasets → autodiff: " + message);
        assertTrue(message.contains("bad.optim.UsesCli"), "optim → cli: " + message);
        assertTrue(message.contains("bad.train.UsesExperiments"), "train → experiments: " + message);
    }

    @Test
    void upwardImportFailsTensorOnlyImportsTheJdk() {
        violations(Layering::tensorImportsOnlyTheJdk, "UpwardImport");
    }

    @Test
    void vectorApiOutsideTheKernelsFails() {
        String message = violations(Layering::vectorApiOnlyInKernels, "bad.nn.Layer");
        assertTrue(message.contains("jdk.incubator.vector"), message);
    }

    @Test
    void pekkoOutsideTheBackendFails() {
        String message = violations(Layering::pekkoOnlyInTheBackend, "bad.distributed.UsesPekko");
        assertTrue(message.contains("org.apache.pekko.actor.typed.ActorSystem"), message);
    }

    @Test
    void packageCycleFails() {
        String message = violations(Layering::noPackageCycles, "Cycle detected");
        assertTrue(message.contains("bad.optim.schedule.Schedule"), message);
    }

    @Test
    void ignoringOneDirectionOfTheCycleIsExactlyWhatLayeringTestDoes() {
        Layering.noPackageCycles(BAD)
                .ignoreDependency(Layering.inPackage(BAD, "optim.schedule"), Layering.inPackage(BAD, "optim"))
                .check(bad);
    }

    /** Passes over the good set, fails over the bad one; returns the failure text. */
    private static String violations(Function<String, ArchRule> rule, String expected) {
        rule.apply(GOOD).check(good);
        AssertionError error = assertThrows(AssertionError.class, () -> rule.apply(BAD).check(bad));
        String message = error.getMessage();
        // the failure text is the proof asked for in issue 20: keep it in the test output
        System.out.println(message);
        assertTrue(message.contains(expected), message);
        return message;
    }
}
