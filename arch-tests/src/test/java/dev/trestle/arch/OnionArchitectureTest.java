package dev.trestle.arch;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class OnionArchitectureTest {

    /**
     * The rings: domain model inside, then the domain services with their ports, then the adapters (the RPC endpoint is
     * the driving adapter). The composition root ({@code server.bootstrap}) wires all rings and stands outside them;
     * the adapters' shared {@code support} package (atomic writes, JSON forms, the RFC 3339 time format) is the one
     * dependency adapters, the RPC endpoint included, may share.
     */
    @ArchTest
    static final ArchRule the_rings_form_an_onion = onionArchitecture()
            .domainModels("dev.trestle.domain.model..")
            .domainServices("dev.trestle.domain.service..", "dev.trestle.domain.port..")
            .adapter("fs", "dev.trestle.adapters.fs..")
            .adapter("http", "dev.trestle.adapters.http..")
            .adapter("json", "dev.trestle.adapters.json..")
            .adapter("registry", "dev.trestle.adapters.registry..")
            .adapter("secrets", "dev.trestle.adapters.secrets..")
            .adapter("settings", "dev.trestle.adapters.settings..")
            .adapter("system", "dev.trestle.adapters.system..")
            .adapter("tokens", "dev.trestle.adapters.tokens..")
            .adapter("support", "dev.trestle.adapters.support..")
            .adapter("rpc", "dev.trestle.server.rpc..", "dev.trestle.server.endpoint..")
            .withOptionalLayers(true)
            .ignoreDependency(resideInAnyPackage("dev.trestle.adapters..", "dev.trestle.server.rpc..",
                    "dev.trestle.server.endpoint.."),
                    resideInAPackage("dev.trestle.adapters.support.."))
            .ignoreDependency(resideInAPackage("dev.trestle.server.bootstrap.."), alwaysTrue())
            .ignoreDependency(resideInAPackage("dev.trestle.cli.."), resideInAPackage("dev.trestle.server.rpc.."))
            .because("dependencies point inwards: adapters know the domain, the domain knows no adapter, and "
                    + "adapters never reach into each other");

    @ArchTest
    static final ArchRule in_ports_do_not_expose_out_port_types = noClasses()
            .that().resideInAPackage("dev.trestle.domain.port.in..")
            .should().dependOnClassesThat().resideInAPackage("dev.trestle.domain.port.out..")
            .because("a driving adapter sees use cases and model types only, never what the domain needs from the "
                    + "world");

    @ArchTest
    static final ArchRule the_protocol_calls_use_cases_not_services = noClasses()
            .that().resideInAPackage("dev.trestle.server.rpc..")
            .should().dependOnClassesThat().resideInAPackage("dev.trestle.domain.service..")
            .because("the RPC endpoint drives the domain through its in-ports; which service implements one is the "
                    + "composition root's business");

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
                    "dev.trestle.server.bootstrap..", "dev.trestle.server.endpoint..")
            .because("the CLI is a client of the protocol, like any editor: it calls the engine through the typed "
                    + "TrestleProtocol proxy and reaches a running engine through the protocol package's "
                    + "EndpointRecord and ChannelStreams");

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
