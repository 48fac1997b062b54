package org.recon.support.axon;

import org.axonframework.common.Registration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.SubscribableMessageSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscribing processor sees only the events its handlers take, in their order. */
class HandledEventsTest {

    interface Shape {
    }

    record Circle(int radius) implements Shape {
    }

    record Square(int side) implements Shape {
    }

    record Unrelated(String value) {
    }

    static class ShapeHandler {
        @EventHandler
        void on(Circle circle) {
        }

        void notAHandler(Unrelated unrelated) {
        }
    }

    static class SquareHandlerByAnnotation extends ShapeHandler {
        @EventHandler(payloadType = Square.class)
        void on(EventMessage<?> message) {
        }
    }

    static class AnyEventHandler {
        @EventHandler
        void on(Object anything) {
        }
    }

    static class MessageHandler {
        @EventHandler
        void on(EventMessage<?> message) {
        }
    }

    static class InterfaceHandler {
        @EventHandler
        void on(Shape shape) {
        }
    }

    /** An event bus that hands each published batch to its subscribers. */
    static final class Bus implements SubscribableMessageSource<EventMessage<?>> {
        final List<Consumer<List<? extends EventMessage<?>>>> subscribers = new ArrayList<>();

        @Override
        public Registration subscribe(Consumer<List<? extends EventMessage<?>>> consumer) {
            subscribers.add(consumer);
            return () -> subscribers.remove(consumer);
        }

        void publish(Object... payloads) {
            List<EventMessage<?>> events = new ArrayList<>();
            for (Object payload : payloads) {
                events.add(GenericEventMessage.asEventMessage(payload));
            }
            subscribers.forEach(subscriber -> subscriber.accept(events));
        }
    }

    @Test
    void theTypesComeFromParametersAnnotationsAndSuperclasses() {
        assertThat(HandledEvents.payloadTypesOf(ShapeHandler.class)).contains(Set.of(Circle.class));
        assertThat(HandledEvents.payloadTypesOf(SquareHandlerByAnnotation.class)).contains(Set.of(Circle.class, Square.class));
        assertThat(HandledEvents.payloadTypesOf(InterfaceHandler.class)).contains(Set.of(Shape.class));
    }

    @Test
    void aHandlerOfAnyEventOrOfMessagesGetsEverything() {
        assertThat(HandledEvents.payloadTypesOf(AnyEventHandler.class)).isEmpty();
        assertThat(HandledEvents.payloadTypesOf(MessageHandler.class)).isEmpty();
        assertThat(HandledEvents.payloadTypesOf(ShapeHandler.class, MessageHandler.class)).isEmpty();
    }

    @Test
    void onlyHandledEventsReachTheProcessorInTheirOrderAndEmptyBatchesNotAtAll() {
        Bus bus = new Bus();
        HandledEvents source = new HandledEvents(bus, HandledEvents.payloadTypesOf(InterfaceHandler.class).orElseThrow(),
                event -> true);
        List<List<Object>> received = new ArrayList<>();
        Registration registration = source.subscribe(events ->
                received.add(events.stream().map(EventMessage::getPayload).map(Object.class::cast).toList()));

        bus.publish(new Unrelated("a"), new Circle(1), new Unrelated("b"), new Square(2));
        bus.publish(new Unrelated("c"));
        bus.publish(new Square(3), new Circle(4));

        assertThat(received).containsExactly(List.of(new Circle(1), new Square(2)), List.of(new Square(3), new Circle(4)));
        registration.cancel();
        assertThat(bus.subscribers).isEmpty();
    }

    @Test
    void aHandlerCanNarrowItsEventsFurther() {
        Bus bus = new Bus();
        HandledEvents source = new HandledEvents(bus, HandledEvents.payloadTypesOf(InterfaceHandler.class).orElseThrow(),
                event -> !(event.getPayload() instanceof Circle circle) || circle.radius() > 1);
        List<Object> received = new ArrayList<>();
        source.subscribe(events -> events.forEach(event -> received.add(event.getPayload())));

        bus.publish(new Circle(1), new Square(1), new Circle(2), new Unrelated("x"));

        assertThat(received).containsExactly(new Square(1), new Circle(2));
    }
}
