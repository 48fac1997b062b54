package org.recon.command.identity;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.recon.api.identity.MarkParkedMessageReplayed;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkMessage;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.api.common.SystemId;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A message that could not be applied yet; it is replayed once, with its original eventId and times. */
class InboxMessage {

    @AggregateIdentifier
    private String inboxId;
    private SystemId system;
    private String eventId;
    private boolean replayed;

    InboxMessage() {
        // required by Axon
    }

    @CommandHandler
    InboxMessage(ParkMessage command, Clock clock) {
        apply(new MessageParked(command.inboxId(), command.system(), command.eventId(), command.kind(), command.code(),
                command.detail(), command.externalSku(), command.externalLocation(), command.payload(), command.actor(),
                clock.instant()));
    }

    /** @return false when it was already replayed: a second replay changes nothing */
    @CommandHandler
    boolean handle(MarkParkedMessageReplayed command, Clock clock) {
        if (replayed) {
            return false;
        }
        apply(new ParkedMessageReplayed(inboxId, system, eventId, command.outcome(), command.detail(), command.actor(),
                clock.instant()));
        return true;
    }

    @EventSourcingHandler
    void on(MessageParked event) {
        inboxId = event.inboxId();
        system = event.system();
        eventId = event.eventId();
    }

    @EventSourcingHandler
    void on(ParkedMessageReplayed event) {
        replayed = true;
    }
}
