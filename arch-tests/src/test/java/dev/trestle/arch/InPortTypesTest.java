package dev.trestle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.trestle.domain.model.Ulid;

/**
 * The in-ports take typed ids and commands, built once by the binder: no use case method takes a raw {@code String}
 * (an id, a name, a key, a text), so what it receives has passed its type's own rules.
 */
@AnalyzeClasses(packages = TrestleClasses.BASE, importOptions = TrestleClasses.ProductionOnly.class)
class InPortTypesTest {

    static final ArchCondition<JavaMethod> TAKE_NO_RAW_STRING = new ArchCondition<>("take no raw String parameter") {
        @Override
        public void check(JavaMethod method, ConditionEvents events) {
            boolean raw = method.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(String.class));
            events.add(new SimpleConditionEvent(method, !raw, method.getFullName()
                    + (raw ? " takes a raw String" : " takes typed values")));
        }
    };

    @ArchTest
    static final ArchRule use_cases_take_typed_ids_and_commands = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.trestle.domain.port.in..")
            .and().areDeclaredInClassesThat().areInterfaces()
            .should(TAKE_NO_RAW_STRING)
            .because("ids and commands validate themselves once, at the edge (WorkbenchId, RestoreCheckpoint, ...); a "
                    + "String parameter would let an unchecked id reach a service");

    @ArchTest
    static final ArchRule only_the_typed_ids_check_the_id_form_in_the_domain_and_the_server = noClasses()
            .that().resideInAnyPackage("dev.trestle.domain.service..", "dev.trestle.domain.port..",
                    "dev.trestle.server..")
            .should().callMethod(Ulid.class, "isValid", String.class)
            .because("WorkbenchId, CheckpointId, ProposalId and MessageId are the one check of an id's form above the "
                    + "adapters (which keep theirs as path safety)");
}
