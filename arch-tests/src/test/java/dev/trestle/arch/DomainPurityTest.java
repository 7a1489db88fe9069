package dev.trestle.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class DomainPurityTest {

    /** One list: every class the domain may touch. {@code MessageDigest} is the only non-pure-package exception. */
    @ArchTest
    static final ArchRule domain_depends_only_on_itself_and_the_pure_jdk = classes()
            .that().resideInAPackage("dev.trestle.domain..")
            .should().onlyDependOnClassesThat(resideInAnyPackage(
                    "dev.trestle.domain..", "java.lang..", "java.util..", "java.time..", "java.math..",
                    "java.nio.charset..")
                    .or(equivalentTo(MessageDigest.class))
                    .or(equivalentTo(NoSuchAlgorithmException.class))
                    // Unicode normalisation of names (FlatName: NFC identity), pure computation
                    .or(JavaClass.Predicates.belongToAnyOf(java.text.Normalizer.class)))
            .because("the domain holds the rules and must stay free of I/O, network, crypto and libraries; "
                    + "hashing (SHA-256 scope hashes) is its one use of java.security");

    @ArchTest
    static final ArchRule domain_does_no_io = noClasses()
            .that().resideInAPackage("dev.trestle.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
                    "com.fasterxml..", "com.google.gson..", "org.eclipse.lsp4j..")
            .because("files, sockets and JSON belong to adapters");
}
