package org.recon.support.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.SubscribableMessageSource;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The event bus as seen by one subscribing processor: only the events that one of its handlers'
 * {@code @EventHandler} methods takes. Axon's subscribing processor opens a unit of work, runs the
 * interceptors and asks every handler per event, also for the many events no handler of the group
 * takes (every movement, for a group that only cares about identity events). Leaving those out
 * before they reach the processor changes nothing else: the others were never handled.
 */
public final class HandledEvents implements SubscribableMessageSource<EventMessage<?>> {

    private final SubscribableMessageSource<EventMessage<?>> delegate;
    private final Set<Class<?>> payloadTypes;
    private final Predicate<? super EventMessage<?>> concerns;
    private final ClassValue<Boolean> handled = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> payloadType) {
            return payloadTypes.stream().anyMatch(type -> type.isAssignableFrom(payloadType));
        }
    };

    HandledEvents(SubscribableMessageSource<EventMessage<?>> delegate, Set<Class<?>> payloadTypes,
                  Predicate<? super EventMessage<?>> concerns) {
        this.delegate = delegate;
        this.payloadTypes = payloadTypes;
        this.concerns = concerns;
    }

    /**
     * The event store filtered to what the handler types take, for
     * {@code registerSubscribingEventProcessor(name, HandledEvents.by(...))}; the event store itself
     * when a handler takes any event (a parameter of type {@code Object} or a message).
     */
    public static Function<Configuration, SubscribableMessageSource<? extends EventMessage<?>>> by(Class<?>... handlerTypes) {
        Optional<Set<Class<?>>> types = payloadTypesOf(handlerTypes);
        return config -> types.<SubscribableMessageSource<? extends EventMessage<?>>>map(
                set -> new HandledEvents(config.eventStore(), set, event -> true)).orElseGet(config::eventStore);
    }

    /**
     * As {@link #by(Class[])} for one handler type, further narrowed to the events it acts on
     * ({@code concerns}, which the handler itself must also apply: it states what the handler
     * ignores anyway, so leaving those events out before the unit of work changes nothing).
     */
    public static Function<Configuration, SubscribableMessageSource<? extends EventMessage<?>>> by(
            Class<?> handlerType, Predicate<? super EventMessage<?>> concerns) {
        Optional<Set<Class<?>>> types = payloadTypesOf(handlerType);
        return config -> new HandledEvents(config.eventStore(), types.orElse(Set.of(Object.class)), concerns);
    }

    /** The payload types the {@code @EventHandler} methods take; empty when one of them takes any event. */
    static Optional<Set<Class<?>>> payloadTypesOf(Class<?>... handlerTypes) {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> handlerType : handlerTypes) {
            for (Class<?> type = handlerType; type != null && type != Object.class; type = type.getSuperclass()) {
                for (Method method : type.getDeclaredMethods()) {
                    if (!AnnotationUtils.isAnnotationPresent(method, EventHandler.class)) {
                        continue;
                    }
                    Class<?> declared = AnnotationUtils.<Class<?>>findAnnotationAttribute(method, EventHandler.class,
                            "payloadType").orElse(Object.class);
                    Class<?> payload = declared != Object.class ? declared
                            : method.getParameterCount() == 0 ? Object.class : method.getParameterTypes()[0];
                    if (payload == Object.class || Message.class.isAssignableFrom(payload)) {
                        return Optional.empty();
                    }
                    types.add(payload);
                }
            }
        }
        return Optional.of(types.stream().collect(Collectors.toUnmodifiableSet()));
    }

    boolean handles(EventMessage<?> event) {
        return handled.get(event.getPayloadType()) && concerns.test(event);
    }

    @Override
    public Registration subscribe(Consumer<List<? extends EventMessage<?>>> processor) {
        return delegate.subscribe(events -> {
            List<EventMessage<?>> relevant = null;
            for (int i = 0; i < events.size(); i++) {
                EventMessage<?> event = events.get(i);
                if (handles(event)) {
                    if (relevant == null) {
                        relevant = new ArrayList<>(events.size() - i);
                    }
                    relevant.add(event);
                }
            }
            if (relevant != null) {
                processor.accept(relevant.size() == events.size() ? events : relevant);
            }
        });
    }
}
