package org.recon.query.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.PageView;
import org.recon.query.web.Params;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Projection operations", description = "Processor status, replay and dead letters (ADMIN)")
class OperationsController {

    private final ProcessorOperations operations;

    OperationsController(ProcessorOperations operations) {
        this.operations = operations;
    }

    @GetMapping("/processors")
    @Operation(summary = "Each projection processor's position, the event store's head, lag and replay progress")
    List<ProcessorStatus> processors() {
        return operations.statuses();
    }

    @PostMapping("/processors/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Clear the processor's read model and rebuild it from the first event, while serving")
    ProcessorStatus replay(@PathVariable String name) {
        return operations.replay(name);
    }

    @GetMapping("/dead-letters")
    @Operation(summary = "Events parked by a failing projection (filter: group), ordered by group, sequence, index")
    PageView<DeadLetterView> deadLetters(@RequestParam(required = false) String group,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer size) {
        return operations.deadLetters(Params.text(group), Params.page(page), Params.size(size));
    }

    @PostMapping("/dead-letters/{id}/retry")
    @Operation(summary = "Retry the parked sequence the dead letter belongs to, from its first event")
    RetryResult retry(@PathVariable String id) {
        return new RetryResult(id, operations.retry(id));
    }

    record RetryResult(String id, boolean processed) {
    }
}
