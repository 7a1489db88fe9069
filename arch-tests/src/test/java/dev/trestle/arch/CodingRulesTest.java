package dev.trestle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class CodingRulesTest {

    @ArchTest
    static final ArchRule the_engine_never_writes_to_standard_streams = noClasses()
            .that().resideInAnyPackage("dev.trestle.domain..", "dev.trestle.adapters..", "dev.trestle.server.rpc..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("stdout carries protocol frames only; the bootstrap alone owns the streams");

    @ArchTest
    static final ArchRule no_generic_exceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
            .because("failures carry an ErrorInfo or a precise type");

    @ArchTest
    static final ArchRule no_java_util_logging = noClasses()
            .that().resideOutsideOfPackage("dev.trestle.server.bootstrap..")
            .should(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
            .because("the engine logs JSON lines through its log port; only the bootstrap bridges LSP4J's JUL records "
                    + "into it");
}
