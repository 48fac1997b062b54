package org.recon.support.axon;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.common.Sku;
import org.recon.api.position.RecordMovements;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached resolver routes every command exactly where Axon's own annotation resolver does. */
class CachedCommandTargetResolverTest {

    private final CachedCommandTargetResolver cached = new CachedCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    record OnAComponent(@TargetAggregateIdentifier PositionId positionId, String note) {
    }

    static final class OnFields {
        @TargetAggregateIdentifier
        private final String id;
        @TargetAggregateVersion
        private final String version;

        OnFields(String id, String version) {
            this.id = id;
            this.version = version;
        }
    }

    static final class OnMethods {
        @TargetAggregateIdentifier
        Integer target() {
            return 42;
        }

        @TargetAggregateVersion
        long expectedVersion() {
            return 7;
        }
    }

    record Unrouted(String id) {
    }

    @Test
    void resolvesWhatAxonResolvesFromComponentsFieldsAndMethods() {
        PositionId position = new PositionId(Sku.of("SKU-1"), LocationCode.of("WH-1"));
        List<Object> commands = List.of(new OnAComponent(position, "x"), new OnFields("A-1", "3"), new OnMethods(),
                new RecordMovements(position, List.of()));
        for (Object command : commands) {
            VersionedAggregateIdentifier expected = axon.resolveTarget(GenericCommandMessage.asCommandMessage(command));
            // twice: the second read comes from what the first looked up
            for (int i = 0; i < 2; i++) {
                VersionedAggregateIdentifier resolved = cached.resolveTarget(GenericCommandMessage.asCommandMessage(command));
                assertThat(resolved.getIdentifier()).as(command.getClass().getSimpleName()).isEqualTo(expected.getIdentifier());
                assertThat(resolved.getVersion()).as(command.getClass().getSimpleName()).isEqualTo(expected.getVersion());
            }
        }
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new OnAComponent(position, null)))
                .getIdentifier()).isEqualTo(position.toString());
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new OnFields("A-1", "3"))).getVersion())
                .isEqualTo(3L);
    }

    @Test
    void aCommandWithoutATargetIsRefusedAsAxonRefusesIt() {
        for (Object command : List.of(new Unrouted("A-1"), new OnFields(null, null))) {
            assertThatThrownBy(() -> axon.resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not identify the target aggregate");
        }
        assertThatThrownBy(() -> cached.resolveTarget(GenericCommandMessage.asCommandMessage(new OnFields("A-1", "seven"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
    }
}
