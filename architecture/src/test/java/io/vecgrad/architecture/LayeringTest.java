package io.vecgrad.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The house rules over every class of every vecgrad module (main code, not tests). */
@AnalyzeClasses(packages = LayeringTest.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    static final String ROOT = "io.vecgrad";

    @ArchTest
    static final ArchRule moduleDirection = Layering.moduleDirection(ROOT);

    @ArchTest
    static final ArchRule tensorImportsOnlyTheJdk = Layering.tensorImportsOnlyTheJdk(ROOT);

    @ArchTest
    static final ArchRule vectorApiOnlyInKernels = Layering.vectorApiOnlyInKernels(ROOT);

    @ArchTest
    static final ArchRule pekkoOnlyInTheBackend = Layering.pekkoOnlyInTheBackend(ROOT);

    @ArchTest
    static final ArchRule noPackageCycles = Layering.noPackageCycles(ROOT);
}
