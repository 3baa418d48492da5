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
    static final ArchRule noPackageCycles = Layering.noPackageCycles(ROOT)
            // Known cycles at the time the rule was written, each broken here by ignoring one
            // direction of exactly that pair of packages; any other cycle fails the build.
            // TODO(autodiff): the Variable facade delegates to autodiff.ops, whose ops take and
            // return Variable. Breaking it needs the ops to sit beside Variable or behind an
            // interface in a lower package; a follow-up, not done on this branch.
            .ignoreDependency(Layering.inPackage(ROOT, "autodiff"), Layering.inPackage(ROOT, "autodiff.ops"));
}
