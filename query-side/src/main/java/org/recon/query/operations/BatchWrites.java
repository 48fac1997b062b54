package org.recon.query.operations;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows a projection writes in one batch of events, handed to its writer together just before the batch commits,
 * in the batch's transaction (one JDBC statement batch per transaction, without an entity per row for Hibernate to
 * track, compare and flush). A later row under the same key replaces an earlier one of the same batch, so a row
 * several events of the batch change is written once, as the last of them left it. A rolled-back batch takes its
 * rows along; outside a unit of work (a test, an administrative call) a row is written at once.
 * <p>
 * A handler that fails must not have put its row here: what is put is written, whatever happens to the event after.
 *
 * @param <K> the row's key
 * @param <R> the row
 */
public final class BatchWrites<K, R> {

    private final Map<K, R> rows = new LinkedHashMap<>();
    /** Set outside a unit of work, where there is no commit to wait for. */
    private final Consumer<Collection<R>> writeAtOnce;

    private BatchWrites(Consumer<Collection<R>> writeAtOnce) {
        this.writeAtOnce = writeAtOnce;
    }

    /**
     * The pending rows of the current batch under {@code name}; the first use in a batch registers {@code writer}.
     *
     * @param name   unique per projection and kind of row
     * @param writer writes the rows (never an empty collection) in the current transaction
     */
    public static <K, R> BatchWrites<K, R> current(String name, Consumer<Collection<R>> writer) {
        if (!CurrentUnitOfWork.isStarted()) {
            return new BatchWrites<>(writer);
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BatchWrites.class.getName() + "/" + name, key -> {
            BatchWrites<K, R> batch = new BatchWrites<>(null);
            root.onPrepareCommit(unitOfWork -> batch.writeWith(writer));
            return batch;
        });
    }

    /** Writes {@code row} with the batch, in place of any row put under the same key before. */
    public void put(K key, R row) {
        if (writeAtOnce != null) {
            writeAtOnce.accept(List.of(row));
        } else {
            rows.put(key, row);
        }
    }

    private void writeWith(Consumer<Collection<R>> writer) {
        if (!rows.isEmpty()) {
            writer.accept(List.copyOf(rows.values()));
        }
    }
}
