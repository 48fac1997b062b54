package org.recon.command.exception;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.config.Configuration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the commands dispatched on the real command bus, whoever handles them: the tests see what
 * the saga asked of the position without depending on how (or whether) the position answers.
 */
final class CommandProbe implements AutoCloseable {

    private final List<Object> commands = new CopyOnWriteArrayList<>();
    private Registration registration;

    void attach(Configuration axon) {
        registration = axon.commandBus().registerDispatchInterceptor(
                (List<? extends CommandMessage<?>> messages) -> (index, message) -> {
                    commands.add(message.getPayload());
                    return message;
                });
    }

    <C> List<C> sent(Class<C> type) {
        return commands.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
    }
}
