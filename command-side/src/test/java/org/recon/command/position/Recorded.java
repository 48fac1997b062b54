package org.recon.command.position;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;

import java.util.List;

/**
 * What one command did in an aggregate fixture, whatever it was: the events it applied (with their
 * metadata) and its result. Scenario tests decide step by step and assert on it afterwards.
 */
record Recorded(List<EventMessage<?>> events, Object result) {

    static Recorded of(ResultValidator<?> validator) {
        Object[] captured = {List.of(), null};
        validator.expectSuccessfulHandlerExecution()
                .expectEventsMatching(new BaseMatcher<List<EventMessage<?>>>() {
                    @Override
                    public boolean matches(Object actual) {
                        captured[0] = List.copyOf((List<?>) actual);
                        return true;
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("any events");
                    }
                })
                .expectResultMessagePayloadMatching(new BaseMatcher<>() {
                    @Override
                    public boolean matches(Object actual) {
                        captured[1] = actual;
                        return true;
                    }

                    @Override
                    public void describeTo(Description description) {
                        description.appendText("any result");
                    }
                });
        @SuppressWarnings("unchecked")
        List<EventMessage<?>> events = (List<EventMessage<?>>) captured[0];
        return new Recorded(events, captured[1]);
    }

    List<Object> payloads() {
        return events.stream().<Object>map(EventMessage::getPayload).toList();
    }
}
