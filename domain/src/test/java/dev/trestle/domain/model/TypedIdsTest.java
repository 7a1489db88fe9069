package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The typed ids the binder builds: each accepts its form and refuses every other text with its own token. */
class TypedIdsTest {
    private static final String ULID = "01JAAAAAAAAAAAAAAAAAAAAAA9";

    /** Text no ULID-shaped id accepts: absent, empty, short, long, lower case, outside Crockford, over 48 bits. */
    static Stream<String> notUlids() {
        return Stream.of(null, "", "01JAAAAAAAAAAAAAAAAAAAAAA", "01JAAAAAAAAAAAAAAAAAAAAAA99",
                "01jaaaaaaaaaaaaaaaaaaaaaa9", "01JAAAAAAAAAAAAAAAAAAAAAAI", "81JAAAAAAAAAAAAAAAAAAAAAA9",
                "../../etc/passwd", " 01JAAAAAAAAAAAAAAAAAAAAAA9");
    }

    static Stream<Arguments> ulidIds() {
        return Stream.of(
                Arguments.of((Function<String, Object>) WorkbenchId::new, "unknown_workbench", "no such workbench"),
                Arguments.of((Function<String, Object>) CheckpointId::new, "unknown_checkpoint", "no such checkpoint"),
                Arguments.of((Function<String, Object>) ProposalId::new, "unknown_proposal", "no such proposal"));
    }

    @ParameterizedTest
    @MethodSource("ulidIds")
    void a_ulid_id_keeps_its_text(Function<String, Object> make, String token, String reason) {
        assertThat(make.apply(ULID).toString()).isEqualTo(ULID);
        assertThat(make.apply(ULID)).isEqualTo(make.apply(ULID));
    }

    @ParameterizedTest
    @MethodSource("ulidIds")
    void a_ulid_id_refuses_every_other_text_with_its_token(Function<String, Object> make, String token,
                                                           String reason) {
        notUlids().forEach(text -> assertThatThrownBy(() -> make.apply(text))
                .as("%s", text)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.token()).isEqualTo(token);
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.info(Phase.RESTORE)).isEqualTo(ErrorInfo.validation(Phase.RESTORE, token, reason));
                }));
    }

    @Test
    void parse_is_empty_exactly_where_the_constructor_refuses() {
        assertThat(WorkbenchId.parse(ULID)).contains(new WorkbenchId(ULID));
        assertThat(CheckpointId.parse(ULID)).contains(new CheckpointId(ULID));
        assertThat(ProposalId.parse(ULID)).contains(new ProposalId(ULID));
        notUlids().forEach(text -> {
            assertThat(WorkbenchId.parse(text)).isEmpty();
            assertThat(CheckpointId.parse(text)).isEmpty();
            assertThat(ProposalId.parse(text)).isEmpty();
        });
    }

    @Test
    void a_message_id_is_a_role_prefix_and_a_ulid() {
        for (String prefix : new String[] {"u-", "a-", "s-"}) {
            assertThat(new MessageId(prefix + ULID).value()).isEqualTo(prefix + ULID);
        }
        assertThat(new MessageId("u-" + ULID).isUser()).isTrue();
        assertThat(new MessageId("a-" + ULID).isUser()).isFalse();
        for (String bad : new String[] {null, "", ULID, "x-" + ULID, "u_" + ULID, "u-", "u-" + ULID + "0",
                "U-" + ULID, "u-not-a-ulid-at-all-really!"}) {
            assertThatThrownBy(() -> new MessageId(bad)).as("%s", bad)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.token()).isEqualTo("unknown_message");
                        assertThat(e.reason()).isEqualTo("no such user message");
                    });
            assertThat(MessageId.parse(bad)).isEmpty();
        }
    }

    @Test
    void a_model_id_is_a_known_provider_a_colon_and_a_printable_name() {
        ModelId id = new ModelId("anthropic:claude-opus-4.5");
        assertThat(id.provider()).isEqualTo(ProviderId.ANTHROPIC);
        assertThat(id.value()).isEqualTo("anthropic:claude-opus-4.5");
        assertThat(ModelId.parse("mistral:mistral-large")).isPresent();
        for (String bad : new String[] {null, "", "gpt-5.2", ":gpt", "openai:", "acme:model", "openai:gpt 5",
                "openai:gpt\u00e9", "OpenAI:gpt-5.2"}) {
            assertThatThrownBy(() -> new ModelId(bad)).as("%s", bad)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.token()).isEqualTo("unknown_model");
                        assertThat(e.reason()).isEqualTo("not in registry");
                    });
            assertThat(ModelId.parse(bad)).isEmpty();
        }
    }

    @Test
    void a_refusal_names_the_rule_never_the_value() {
        InvalidInputException e = new InvalidInputException("invalid_params", "api_key");
        assertThat(e.getMessage()).isEqualTo("invalid_params: api_key");
        assertThat(e.getStackTrace()).isEmpty();
        assertThatThrownBy(() -> new WorkbenchId("secret-looking-text")).hasMessageNotContaining("secret");
    }
}
