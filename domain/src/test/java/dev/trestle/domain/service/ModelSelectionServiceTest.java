package dev.trestle.domain.service;

import static dev.trestle.domain.service.ServiceFixture.id;
import static dev.trestle.domain.service.ServiceFixture.rq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.SelectModelUseCase;
import org.junit.jupiter.api.Test;

class ModelSelectionServiceTest {
    private final ServiceFixture f = new ServiceFixture();

    @Test
    void switching_to_a_provider_without_a_key_is_refused() {
        String wb = f.workbenchWithNotes();
        assertThatThrownBy(() -> f.selection.setActiveModel(rq(Phase.WORKSHOP),
                new SelectModelUseCase.ChooseModel(id(wb), ModelId.parse(TestRegistry.SONNET))))
                .isInstanceOfSatisfying(TrestleException.class,
                        e -> assertThat(e.info().errorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_CONFIGURED));
        assertThat(f.events.events()).isEmpty();
    }

    @Test
    void a_switch_is_recorded_in_the_conversation_and_announced_once() {
        String wb = f.workbenchWithNotes();
        f.secrets.setApiKey(ProviderId.ANTHROPIC, "ak-1");
        f.selection.setActiveModel(rq(Phase.WORKSHOP), new SelectModelUseCase.ChooseModel(id(wb),
                ModelId.parse(TestRegistry.SONNET)));
        f.selection.setActiveModel(rq(Phase.WORKSHOP), new SelectModelUseCase.ChooseModel(id(wb),
                ModelId.parse(TestRegistry.SONNET)));

        assertThat(f.events.ofType(EngineEvent.ModelChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.previousModelId()).isEqualTo(TestRegistry.GPT));
        assertThat(f.conversation.read(wb)).filteredOn(r -> "model_switched".equals(r.eventKind())).hasSize(1);
        assertThat(f.selection.workbenchDefault(rq(Phase.WORKBENCH), id(wb))).isEqualTo(TestRegistry.SONNET);
    }

    @Test
    void availability_follows_key_and_enablement() {
        f.secrets.setApiKey(ProviderId.GOOGLE, "g-1");
        var list = f.selection.listSupported(rq(Phase.SETTINGS));
        assertThat(list).filteredOn(m -> m.available()).extracting(m -> m.model().modelId())
                .containsExactly(TestRegistry.GEMINI);
    }

    @Test
    void an_alias_resolves_to_its_canonical_model() {
        assertThat(f.selection.capabilities(rq(Phase.SETTINGS), new ModelId(TestRegistry.OPUS_ALIAS)).modelId())
                .isEqualTo(TestRegistry.OPUS);
    }
}
