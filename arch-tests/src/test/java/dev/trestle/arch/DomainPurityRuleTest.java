package dev.trestle.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.trestle.domain.planted.PlantedCipherUse;
import dev.trestle.domain.planted.PlantedDigestOnly;
import org.junit.jupiter.api.Test;

/** The purity rule is not vacuous: evaluated on planted test-only domain classes it fails and passes as it should. */
class DomainPurityRuleTest {

    @Test
    void a_domain_class_that_hashes_and_also_uses_javax_crypto_violates_the_rule() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedCipherUse.class);
        EvaluationResult result = DomainPurityTest.domain_depends_only_on_itself_and_the_pure_jdk.evaluate(planted);
        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails())).contains("javax.crypto.Cipher");
    }

    @Test
    void a_domain_class_that_only_hashes_passes() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedDigestOnly.class);
        assertThat(DomainPurityTest.domain_depends_only_on_itself_and_the_pure_jdk.evaluate(planted).hasViolation())
                .isFalse();
    }
}
