package org.recon.command.ingest;

import org.recon.support.web.ApiProblemHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides a chunk of valid items together, with the fallback that batches ({@link BatchRunner}) and gathered
 * single requests ({@link GroupCommit}) share. The chunk is all or nothing, so when it fails as a whole nothing
 * of it was recorded and each item can be taken on its own: one item's failure then stays that item's. An
 * unreachable database is the exception: every item would fail again, one slow attempt after another, so that
 * failure answers every item of the chunk at once.
 */
final class ChunkDecision {

    private static final Logger log = LoggerFactory.getLogger(ChunkDecision.class);

    private ChunkDecision() {
    }

    /** What became of one item: its result, or the failure that belongs to it. */
    record Decided(IngestService.Result result, RuntimeException failure) {

        static Decided of(Supplier<IngestService.Result> work) {
            try {
                return new Decided(work.get(), null);
            } catch (RuntimeException e) {
                return new Decided(null, e);
            }
        }

        /** The single endpoint's view: the result, or the failure thrown for the web layer to answer. */
        IngestService.Result resultOrThrow() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        /** A batch item's view: a failure is reported in the item's answer. */
        IngestResponse answer(String eventId) {
            return failure == null ? IngestResponses.item(eventId, result) : IngestResponses.failure(eventId, failure);
        }
    }

    /**
     * @param items  of one system, with distinct eventIds
     * @param chunk  all or nothing, one result per item in order
     * @param single one item in its own transaction
     * @return one decision per item, in order
     */
    static <V> List<Decided> decide(List<V> items, Function<List<V>, List<IngestService.Result>> chunk,
                                    Function<V, IngestService.Result> single) {
        try {
            List<IngestService.Result> results = chunk.apply(items);
            List<Decided> decided = new ArrayList<>(items.size());
            for (int k = 0; k < items.size(); k++) {
                decided.add(new Decided(results.get(k), null));
            }
            return decided;
        } catch (RuntimeException e) {
            if (ApiProblemHandler.isDatabaseUnavailable(e)) {
                return Collections.nCopies(items.size(), new Decided(null, e));
            }
            log.warn("a chunk of {} items failed as a whole ({}); taking its items one by one", items.size(), e.toString());
        }
        List<Decided> decided = new ArrayList<>(items.size());
        for (V item : items) {
            decided.add(Decided.of(() -> single.apply(item)));
        }
        return decided;
    }
}
