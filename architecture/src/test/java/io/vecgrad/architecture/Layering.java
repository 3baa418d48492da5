package io.vecgrad.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;

/**
 * The house rules of DESIGN.md as ArchUnit rules, written by package name under a root
 * package so the same rules run over vecgrad ({@code io.vecgrad}) and over the deliberately
 * broken fixtures of {@code LayeringRulesBiteTest}. A module {@code m} is the package tree
 * {@code root.m..}; modules that do not exist yet (train, distributed, experiments) are
 * optional layers, so their rules apply the day they land.
 *
 * <pre>
 * cli, benchmarks → experiments → distributed → train → optim → nn → autodiff → tensor
 *                                                train → datasets → tensor
 * </pre>
 * (each module may also import anything below what it points to).
 */
public final class Layering {

    /** Modules from the bottom up; each may be imported only by the modules named after it. */
    static final String TENSOR = "tensor", AUTODIFF = "autodiff", NN = "nn", OPTIM = "optim",
            DATASETS = "datasets", TRAIN = "train", DISTRIBUTED = "distributed",
            EXPERIMENTS = "experiments", CLI = "cli", BENCHMARKS = "benchmarks";

    /** The only package allowed to import {@code jdk.incubator.vector}. */
    static final String KERNEL = TENSOR + ".kernel";

    private Layering() {}

    /** Who may import whom, between modules. */
    public static ArchRule moduleDirection(String root) {
        return layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage(root + "..")
                .withOptionalLayers(true)
                .layer(TENSOR).definedBy(pkg(root, TENSOR))
                .layer(AUTODIFF).definedBy(pkg(root, AUTODIFF))
                .layer(NN).definedBy(pkg(root, NN))
                .layer(OPTIM).definedBy(pkg(root, OPTIM))
                .layer(DATASETS).definedBy(pkg(root, DATASETS))
                .layer(TRAIN).definedBy(pkg(root, TRAIN))
                .layer(DISTRIBUTED).definedBy(pkg(root, DISTRIBUTED))
                .layer(EXPERIMENTS).definedBy(pkg(root, EXPERIMENTS))
                .layer(CLI).definedBy(pkg(root, CLI))
                .layer(BENCHMARKS).definedBy(pkg(root, BENCHMARKS))
                .whereLayer(AUTODIFF).mayOnlyBeAccessedByLayers(NN, OPTIM, TRAIN, DISTRIBUTED, EXPERIMENTS, CLI, BENCHMARKS)
                .whereLayer(NN).mayOnlyBeAccessedByLayers(OPTIM, TRAIN, DISTRIBUTED, EXPERIMENTS, CLI, BENCHMARKS)
                .whereLayer(OPTIM).mayOnlyBeAccessedByLayers(TRAIN, DISTRIBUTED, EXPERIMENTS, CLI, BENCHMARKS)
                .whereLayer(DATASETS).mayOnlyBeAccessedByLayers(TRAIN, DISTRIBUTED, EXPERIMENTS, CLI, BENCHMARKS)
                .whereLayer(TRAIN).mayOnlyBeAccessedByLayers(DISTRIBUTED, EXPERIMENTS, CLI, BENCHMARKS)
                .whereLayer(DISTRIBUTED).mayOnlyBeAccessedByLayers(EXPERIMENTS, CLI, BENCHMARKS)
                .whereLayer(EXPERIMENTS).mayOnlyBeAccessedByLayers(CLI, BENCHMARKS)
                .whereLayer(CLI).mayNotBeAccessedByAnyLayer()
                .whereLayer(BENCHMARKS).mayNotBeAccessedByAnyLayer()
                .as("modules import only downwards (DESIGN.md): cli, benchmarks → experiments → distributed"
                        + " → train → optim → nn → autodiff → tensor; train → datasets → tensor");
    }

    /** {@code tensor} knows nothing but the JDK (and the Vector API, in its kernel package). */
    public static ArchRule tensorImportsOnlyTheJdk(String root) {
        return classes().that().resideInAPackage(pkg(root, TENSOR))
                .should().onlyDependOnClassesThat(describe("the JDK or " + root + "." + TENSOR,
                        (JavaClass c) -> c.getPackageName().startsWith("java.")
                                || c.getPackageName().startsWith("jdk.incubator.vector")
                                || c.getPackageName().equals(root + "." + TENSOR)
                                || c.getPackageName().startsWith(root + "." + TENSOR + ".")
                                || c.isPrimitive() || c.isArray() && c.getBaseComponentType().isPrimitive()))
                .as(root + "." + TENSOR + " imports only the JDK");
    }

    /** Every {@code jdk.incubator.vector} import lives in the tensor kernel package. */
    public static ArchRule vectorApiOnlyInKernels(String root) {
        return noClasses().that().resideOutsideOfPackage(pkg(root, KERNEL))
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .as("only " + root + "." + KERNEL + " uses jdk.incubator.vector");
    }

    /**
     * Apache Pekko stays behind the distributed module's backend: only {@code distributed.pekko}
     * imports {@code org.apache.pekko}, so methods, the simulator and everything above see only the
     * engine-agnostic types.
     */
    public static ArchRule pekkoOnlyInTheBackend(String root) {
        return noClasses().that().resideOutsideOfPackage(pkg(root, DISTRIBUTED + ".pekko"))
                .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..")
                .as("only " + root + "." + DISTRIBUTED + ".pekko imports org.apache.pekko");
    }

    /** No two packages of vecgrad depend on each other, directly or through others. */
    public static SliceRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles()
                .as("no package cycles under " + root);
    }

    /** Classes of exactly {@code root.sub} (not its sub-packages). */
    static DescribedPredicate<JavaClass> inPackage(String root, String sub) {
        String name = root + "." + sub;
        return describe("in " + name, (JavaClass c) -> c.getPackageName().equals(name));
    }

    private static String pkg(String root, String module) {
        return root + "." + module + "..";
    }
}
