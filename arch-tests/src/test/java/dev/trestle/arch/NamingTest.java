package dev.trestle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class NamingTest {

    @ArchTest
    static final ArchRule out_ports_are_interfaces_named_port = classes()
            .that().resideInAPackage("dev.trestle.domain.port.out..").and().areTopLevelClasses()
            .should().beInterfaces().andShould().haveSimpleNameEndingWith("Port")
            .because("an out-port names one capability the domain needs");

    @ArchTest
    static final ArchRule in_ports_are_interfaces = classes()
            .that().resideInAPackage("dev.trestle.domain.port.in..").and().areTopLevelClasses()
            .should().beInterfaces()
            .because("use cases are declared as interfaces and implemented by services");
}
