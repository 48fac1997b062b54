package org.recon.support.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

/**
 * Axon's {@link AnnotationCommandTargetResolver}, with the member that carries the target aggregate's
 * identifier (and version) looked up once per command class instead of at every command. Axon's own
 * resolver walks every method and field of the command and their meta-annotations for each command it
 * routes, looking for a {@code @TargetAggregateVersion} none of ours has: a profile of batch ingest put
 * that walk at 14 % of the command side's CPU samples. The members are found exactly as Axon finds them
 * (methods before fields, the first annotated one wins) and read the same way (the identifier's
 * {@code toString()}, the version as a {@code Long}).
 */
public final class CachedCommandTargetResolver implements CommandTargetResolver {

    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> commandType) {
            return new Target(accessor(commandType, TargetAggregateIdentifier.class),
                    accessor(commandType, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        Object identifier = read(target.identifier(), command.getPayload());
        if (identifier == null) {
            throw new IllegalArgumentException(String.format("Invalid command. It does not identify the target aggregate. "
                            + "Make sure at least one of the fields or methods in the [%s] class contains the "
                            + "@TargetAggregateIdentifier annotation and that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier.toString(), asLong(read(target.version(), command.getPayload())));
    }

    private record Target(MethodHandle identifier, MethodHandle version) {
    }

    private static MethodHandle accessor(Class<?> commandType, Class<? extends Annotation> annotation) {
        try {
            for (Method method : methodsOf(commandType)) {
                if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                    return MethodHandles.lookup().unreflect(ensureAccessible(method));
                }
            }
            for (Field field : fieldsOf(commandType)) {
                if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                    return MethodHandles.lookup().unreflectGetter(ensureAccessible(field));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of "
                    + "aggregate information from " + commandType.getName(), e);
        }
        return null;
    }

    private static Object read(MethodHandle accessor, Object command) {
        if (accessor == null) {
            return null;
        }
        try {
            return accessor.invoke(command);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information from a command",
                    e);
        }
    }

    private static Long asLong(Object version) {
        if (version == null) {
            return null;
        }
        if (version instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(version.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
    }
}
