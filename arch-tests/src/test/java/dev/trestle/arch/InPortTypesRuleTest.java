package dev.trestle.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.trestle.domain.port.in.planted.PlantedStringUseCase;
import dev.trestle.domain.port.in.planted.PlantedTypedUseCase;
import org.junit.jupiter.api.Test;

/** The in-port rule is not vacuous: on planted test-only use cases it fails and passes as it should. */
class InPortTypesRuleTest {

    @Test
    void a_use_case_taking_a_raw_string_id_violates_the_rule() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedStringUseCase.class);
        EvaluationResult result = InPortTypesTest.use_cases_take_typed_ids_and_commands.evaluate(planted);
        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails())).contains("takes a raw String");
    }

    @Test
    void a_use_case_taking_typed_values_passes() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedTypedUseCase.class);
        assertThat(InPortTypesTest.use_cases_take_typed_ids_and_commands.evaluate(planted).hasViolation()).isFalse();
    }
}
