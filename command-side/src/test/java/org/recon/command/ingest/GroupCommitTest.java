package org.recon.command.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recon.api.position.IngestOutcome;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent single requests gathered into chunks: fewer transactions than requests, each caller answered with its own
 * item's result or failure, a repeated eventId left for a later chunk, the chunk's fallback, and shutdown.
 */
class GroupCommitTest {

    /** A valid item; {@code content} stands for what the fingerprint covers. */
    record Item(String system, String eventId, String content) {
    }

    private static final String SYSTEM = "ERP";

    private final ExecutorService callers = Executors.newCachedThreadPool();
    /** Every decision, in the order taken: "single actor: id" or "chunk actor: id id ...". */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** What the fake store recorded: system:eventId to content. */
    private final Map<String, String> recorded = new ConcurrentHashMap<>();
    /** Items whose eventId starts with "slow" wait here once they are being decided. */
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger slowInside = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<String, String> decidedOnThread = new ConcurrentHashMap<>();
    private volatile Function<List<Item>, List<IngestService.Result>> chunkBehaviour = this::decideAll;
    private volatile Function<Item, IngestService.Result> singleBehaviour = this::decideOne;

    private final GroupCommit.Kind<Item> kind = new GroupCommit.Kind<>(Item::system, Item::eventId,
            (items, actor) -> decision(() -> {
                calls.add("chunk " + actor + ": " + items.stream().map(Item::eventId).collect(Collectors.joining(" ")));
                return chunkBehaviour.apply(items);
            }),
            (item, actor) -> decision(() -> {
                calls.add("single " + actor + ": " + item.eventId());
                decidedOnThread.put(item.eventId(), Thread.currentThread().getName());
                if (item.eventId().startsWith("slow")) {
                    slowInside.incrementAndGet();
                    awaitGate();
                }
                return singleBehaviour.apply(item);
            }));

    private GroupCommit groups;

    @AfterEach
    void stop() throws InterruptedException {
        gate.countDown();
        if (groups != null) {
            groups.stop();
        }
        callers.shutdownNow();
    }

    private <T> T decision(java.util.function.Supplier<T> work) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return work.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void awaitGate() {
        try {
            assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private IngestService.Result decideOne(Item item) {
        String earlier = recorded.putIfAbsent(item.system() + ":" + item.eventId(), item.content());
        if (earlier == null) {
            return new IngestService.Result.Accepted(item.eventId(), IngestOutcome.APPLIED, item.content(), "LOC", null, null);
        }
        if (!earlier.equals(item.content())) {
            return new IngestService.Result.Conflict(item.eventId(), "other content");
        }
        return new IngestService.Result.Accepted(item.eventId(), IngestOutcome.DUPLICATE, item.content(), "LOC", null, null);
    }

    private List<IngestService.Result> decideAll(List<Item> items) {
        return items.stream().map(this::decideOne).toList();
    }

    private static IngestService.Result applied(Item item) {
        return new IngestService.Result.Accepted(item.eventId(), IngestOutcome.APPLIED, item.content(), "LOC", null, null);
    }

    private void start(int parallelism) {
        start(parallelism, 100, Duration.ZERO);
    }

    private void start(int parallelism, int chunkSize, Duration linger) {
        groups = new GroupCommit(new IngestProperties(4, chunkSize, parallelism, linger));
    }

    private CompletableFuture<IngestService.Result> send(Item item, String actor) {
        return CompletableFuture.supplyAsync(() -> groups.decide(kind, item, actor), callers);
    }

    /** Sends the slow items and waits until each is being decided (and so holds a runner). */
    private List<CompletableFuture<IngestService.Result>> sendSlow(String... eventIds) {
        List<CompletableFuture<IngestService.Result>> sent = new ArrayList<>();
        for (String eventId : eventIds) {
            int before = slowInside.get();
            sent.add(send(new Item(SYSTEM, eventId, eventId), "erp"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> slowInside.get() > before);
        }
        return sent;
    }

    /** Sends the items one after the other, each queued before the next is sent (so their order is known). */
    private List<CompletableFuture<IngestService.Result>> sendQueued(String actor, Item... items) {
        List<CompletableFuture<IngestService.Result>> sent = new ArrayList<>();
        for (Item item : items) {
            int before = groups.waiting();
            sent.add(send(item, actor));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2)).until(() -> groups.waiting() == before + 1);
        }
        return sent;
    }

    private static Item item(String eventId) {
        return new Item(SYSTEM, eventId, "content of " + eventId);
    }

    /** A request's answer; a request that hangs fails the test instead of the build. */
    private static IngestService.Result answer(CompletableFuture<IngestService.Result> request) {
        try {
            return request.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }

    private static Throwable failureOf(CompletableFuture<IngestService.Result> request) {
        Throwable thrown = catchThrowable(() -> request.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }

    @Test
    void requestsQueuedWhileAChunkRunsAreDecidedTogetherEachWithItsOwnResult() {
        start(1);
        var slow = sendSlow("slow-1");
        List<Item> items = List.of(item("e1"), item("e2"), item("e3"), item("e4"), item("e5"));
        var queued = sendQueued("erp", items.toArray(Item[]::new));

        gate.countDown();

        assertThat(answer(slow.get(0))).isEqualTo(applied(new Item(SYSTEM, "slow-1", "slow-1")));
        for (int i = 0; i < items.size(); i++) {
            assertThat(answer(queued.get(i))).isEqualTo(applied(items.get(i)));
        }
        // six requests, two transactions: the first alone (nothing to wait for), the rest together in arrival order
        assertThat(calls).containsExactly("single erp: slow-1", "chunk erp: e1 e2 e3 e4 e5");
    }

    @Test
    void aRequestThatFindsARunnerToSpareGoesAtOnceAndNoMoreChunksThanRunnersRun() {
        start(2);
        var slow = sendSlow("slow-1", "slow-2");
        var queued = sendQueued("erp", item("e1"), item("e2"), item("e3"));
        assertThat(groups.waiting()).isEqualTo(3);

        gate.countDown();

        assertThat(slow).allSatisfy(future -> assertThat(answer(future)).isInstanceOf(IngestService.Result.Accepted.class));
        assertThat(answer(queued.get(2))).isEqualTo(applied(item("e3")));
        assertThat(calls).containsExactlyInAnyOrder("single erp: slow-1", "single erp: slow-2", "chunk erp: e1 e2 e3");
        assertThat(mostInFlight.get()).isEqualTo(2);
    }

    @Test
    void aRepeatedEventIdWaitsForALaterChunkAndAnswersAsItWouldAlone() {
        start(1);
        sendSlow("slow-1");
        Item first = new Item(SYSTEM, "a", "first");
        Item other = new Item(SYSTEM, "a", "other");
        Item same = new Item(SYSTEM, "b", "b");
        var queued = sendQueued("erp", first, item("x"), other, same, new Item(SYSTEM, "b", "b"), item("y"));

        gate.countDown();

        assertThat(answer(queued.get(0))).isEqualTo(applied(first));
        assertThat(answer(queued.get(1))).isEqualTo(applied(item("x")));
        assertThat(answer(queued.get(2))).isEqualTo(new IngestService.Result.Conflict("a", "other content"));
        assertThat(answer(queued.get(3))).isEqualTo(applied(same));
        assertThat(answer(queued.get(4))).isEqualTo(
                new IngestService.Result.Accepted("b", IngestOutcome.DUPLICATE, "b", "LOC", null, null));
        assertThat(answer(queued.get(5))).isEqualTo(applied(item("y")));
        assertThat(calls).containsExactly("single erp: slow-1", "chunk erp: a x b y", "chunk erp: a b");
    }

    @Test
    void aRepeatedEventIdWaitsWhileItsFirstDeliveryIsDecidedEvenWithARunnerToSpare() {
        start(2);
        var slow = sendSlow("slow-1");
        var repeated = sendQueued("erp", new Item(SYSTEM, "slow-1", "other content"));

        // the spare runner takes what it may: not the repeat, but a request that arrives after it
        assertThat(answer(send(item("e1"), "erp"))).isEqualTo(applied(item("e1")));
        assertThat(repeated.get(0)).isNotDone();
        assertThat(groups.waiting()).isEqualTo(1);

        gate.countDown();

        assertThat(answer(slow.get(0))).isEqualTo(applied(new Item(SYSTEM, "slow-1", "slow-1")));
        assertThat(answer(repeated.get(0))).isEqualTo(new IngestService.Result.Conflict("slow-1", "other content"));
        assertThat(calls).containsExactly("single erp: slow-1", "single erp: e1", "single erp: slow-1");
    }

    @Test
    void aChunkThatFailsAsAWholeIsTakenOneByOneAndEachFailureReachesOnlyItsRequest() {
        start(1);
        ApiException refused = ApiException.invalid(List.of(new FieldViolation("quantity", "refused by the position")));
        chunkBehaviour = items -> {
            throw new IllegalStateException("one item broke the chunk");
        };
        singleBehaviour = item -> {
            if (item.eventId().equals("bad")) {
                throw refused;
            }
            return decideOne(item);
        };
        sendSlow("slow-1");
        var queued = sendQueued("erp", item("x"), item("bad"), item("z"));

        gate.countDown();

        assertThat(answer(queued.get(0))).isEqualTo(applied(item("x")));
        assertThat(failureOf(queued.get(1))).isSameAs(refused);
        assertThat(answer(queued.get(2))).isEqualTo(applied(item("z")));
        assertThat(calls).containsExactly("single erp: slow-1", "chunk erp: x bad z", "single erp: x", "single erp: bad",
                "single erp: z");
    }

    @Test
    void anUnreachableDatabaseAnswersEveryRequestOfTheChunkWithThatFailure() {
        start(1);
        CannotCreateTransactionException down = new CannotCreateTransactionException("no connection");
        chunkBehaviour = items -> {
            throw down;
        };
        sendSlow("slow-1");
        var queued = sendQueued("erp", item("x"), item("y"), item("z"));

        gate.countDown();

        assertThat(queued).allSatisfy(future -> assertThat(failureOf(future)).isSameAs(down));
        // not taken again one by one: each would only fail again
        assertThat(calls).containsExactly("single erp: slow-1", "chunk erp: x y z");
    }

    @Test
    void onlyRequestsOfOneSystemAndActorShareAChunk() {
        start(1);
        sendSlow("slow-1");
        var queued = sendQueued("erp", item("x1"), new Item("WAREHOUSE", "w1", "w1"), item("x2"),
                new Item("WAREHOUSE", "w2", "w2"));
        queued.addAll(sendQueued("erp-ops", item("o1"), item("o2")));

        gate.countDown();

        assertThat(queued).allSatisfy(future -> assertThat(answer(future)).isInstanceOf(IngestService.Result.Accepted.class));
        assertThat(calls).containsExactlyInAnyOrder("single erp: slow-1", "chunk erp: x1 x2", "chunk erp: w1 w2",
                "chunk erp-ops: o1 o2");
    }

    @Test
    void atShutdownQueuedRequestsAreDecidedOnTheirOwnThreadsAndNoneHangs() throws Exception {
        start(1);
        var slow = sendSlow("slow-1");
        var queued = sendQueued("erp", item("q1"), item("q2"));

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                groups.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, callers);

        // answered while the running chunk still holds the only runner
        assertThat(answer(queued.get(0))).isEqualTo(applied(item("q1")));
        assertThat(answer(queued.get(1))).isEqualTo(applied(item("q2")));
        assertThat(decidedOnThread.get("q1")).doesNotStartWith("recon-group");
        assertThat(slow.get(0)).isNotDone();
        assertThat(answer(send(item("late"), "erp"))).isEqualTo(applied(item("late")));

        gate.countDown();
        assertThat(answer(slow.get(0))).isInstanceOf(IngestService.Result.Accepted.class);
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(calls).doesNotContain("chunk erp: q1 q2").contains("single erp: q1", "single erp: q2",
                "single erp: late");
    }

    @Test
    void aRequestFromAQuietSourceIsTakenAtOnceWhateverTheLinger() {
        start(1, 3, Duration.ofHours(1));

        assertThat(answer(send(item("alone"), "erp"))).isEqualTo(applied(item("alone")));
        assertThat(calls).containsExactly("single erp: alone");
    }

    @Test
    void aBusySourcesRequestWaitsForCompanyUntilAChunkIsFull() {
        start(1, 3, Duration.ofHours(1));
        assertThat(answer(send(item("first"), "erp"))).isEqualTo(applied(item("first")));

        // each arrives within the linger of the one before: the runner keeps the first of them for company
        var queued = sendQueued("erp", item("b1"), item("b2"));
        assertThat(queued).noneMatch(CompletableFuture::isDone);
        var third = send(item("b3"), "erp");

        assertThat(answer(queued.get(0))).isEqualTo(applied(item("b1")));
        assertThat(answer(queued.get(1))).isEqualTo(applied(item("b2")));
        assertThat(answer(third)).isEqualTo(applied(item("b3")));
        assertThat(calls).containsExactly("single erp: first", "chunk erp: b1 b2 b3");
    }

    @Test
    void aRequestWaitsForCompanyNoLongerThanTheLingerAndThenGoesAlone() {
        Duration linger = Duration.ofMillis(200);
        start(1, 3, linger);
        assertThat(answer(send(item("first"), "erp"))).isEqualTo(applied(item("first")));

        long sent = System.nanoTime();
        assertThat(answer(send(item("second"), "erp"))).isEqualTo(applied(item("second")));

        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(linger);
        assertThat(calls).containsExactly("single erp: first", "single erp: second");
    }

    @Test
    void atShutdownARequestWaitingForCompanyIsDecidedOnItsOwnThread() throws Exception {
        start(1, 3, Duration.ofHours(1));
        assertThat(answer(send(item("first"), "erp"))).isEqualTo(applied(item("first")));
        var lingering = sendQueued("erp", item("l1"));

        groups.stop();

        assertThat(answer(lingering.get(0))).isEqualTo(applied(item("l1")));
        assertThat(decidedOnThread.get("l1")).doesNotStartWith("recon-group");
    }
}
