package dev.trestle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class OnionArchitectureTest {

    @ArchTest
    static final ArchRule adapters_never_depend_on_the_server_or_the_cli = noClasses()
            .that().resideInAPackage("dev.trestle.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.trestle.server..", "dev.trestle.cli..")
            .because("adapters are an inner ring: the server wires them, never the reverse");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("dev.trestle.adapters.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                            "dev.trestle.adapters.support.."))
            .because("each adapter implements its ports alone; only the shared support package is common");

    @ArchTest
    static final ArchRule nothing_depends_on_the_composition_root = noClasses()
            .that().resideOutsideOfPackage("dev.trestle.server.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("dev.trestle.server.bootstrap..")
            .because("the composition root is the outermost ring");

    @ArchTest
    static final ArchRule the_cli_uses_only_the_protocol_package_of_the_server = noClasses()
            .that().resideInAPackage("dev.trestle.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.trestle.domain..", "dev.trestle.adapters..",
                    "dev.trestle.server.bootstrap..")
            .because("the CLI is a client of the protocol, like any editor");

    @ArchTest
    static final ArchRule only_the_cli_imports_the_protocol_package_from_outside_the_server = noClasses()
            .that().resideOutsideOfPackages("dev.trestle.server..", "dev.trestle.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.trestle.server.rpc..")
            .because("the protocol package is the server's public face");

    @ArchTest
    static final ArchRule the_simulator_stands_alone = noClasses()
            .that().resideInAPackage("dev.trestle.simulator..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.trestle.domain..", "dev.trestle.adapters..",
                    "dev.trestle.server..")
            .because("the simulator plays the providers and must not share the engine's code");

    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices()
            .matching("dev.trestle.(**)")
            .should().beFreeOfCycles()
            .because("cycles blur the rings");
}
