package dev.trestle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class DomainPurityTest {

    @ArchTest
    static final ArchRule domain_depends_only_on_itself_and_the_pure_jdk = classes()
            .that().resideInAPackage("dev.trestle.domain..")
            .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(
                    "dev.trestle.domain..", "java.lang..", "java.util..", "java.time..", "java.math..",
                    "java.nio.charset..")
                    // hashing (scope hash) and Unicode normalisation of names (FlatName): pure computation
                    .or(JavaClass.Predicates.belongToAnyOf(java.security.MessageDigest.class,
                            java.text.Normalizer.class)))
            .because("the domain holds the rules and must stay free of I/O, network and libraries");

    @ArchTest
    static final ArchRule domain_does_no_io = noClasses()
            .that().resideInAPackage("dev.trestle.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                    "com.fasterxml..", "com.google.gson..", "org.eclipse.lsp4j..")
            .because("files, sockets and JSON belong to adapters");
}
