package org.recon.command.position;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.recon.api.common.PositionId;
import org.recon.api.position.ExpectTransferArrival;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;

/**
 * A transfer shipped from one location is expected at its destination: tells the destination
 * position how much is on its way. Runs in the shipping transaction (subscribing processor), so
 * the origin's change and the destination's {@code incoming} commit together.
 */
@ProcessingGroup(TransferRouting.PROCESSING_GROUP)
class TransferRouting {

    static final String PROCESSING_GROUP = "transfer-routing";

    private final CommandGateway commands;

    TransferRouting(CommandGateway commands) {
        this.commands = commands;
    }

    /** Only a transfer's shipment with a destination and a step tells a destination anything. */
    static boolean concerns(MovementRecorded event) {
        return event.type() == MovementType.TRANSFER_SHIPPED && event.toLocation() != null && event.step() != null;
    }

    /** The same rule on the event bus: the other events need not reach this processor at all. */
    static boolean concernsMessage(EventMessage<?> event) {
        return !(event.getPayload() instanceof MovementRecorded movement) || concerns(movement);
    }

    @EventHandler
    void on(MovementRecorded event) {
        if (!concerns(event)) {
            return;
        }
        PositionId destination = new PositionId(event.positionId().sku(), event.toLocation());
        commands.sendAndWait(new ExpectTransferArrival(destination, event.positionId().location(), event.system(),
                event.eventId(), event.document(), event.step().effective(), event.occurredAt(), event.actor()));
    }
}
